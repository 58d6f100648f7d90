package io.meshwatch.cloudwatch.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A tail's position in one CloudWatch stream: the forward token to continue
 * from, and the last stored event's time with how many events at that time were
 * stored, so a re-read from a time (after a token expired) skips what is stored.
 */
@Entity
@Table(name = "log_cursor")
@IdClass(LogCursor.Key.class)
@NamedQuery(name = LogCursor.FIND_BY_JOB, query = "SELECT c FROM LogCursor c WHERE c.meshResultId = :meshResultId")
public class LogCursor {

    public static final String FIND_BY_JOB = "LogCursor.findByJob";

    @Id
    @Column(name = "mesh_result_id")
    private long meshResultId;

    @Id
    @Column(name = "stream_name", length = 512)
    private String streamName;

    @Column(name = "next_token", length = 2048)
    private String nextToken;

    @Column(name = "last_event_ts", nullable = false)
    private long lastEventTs;

    @Column(name = "seen_at_last_ts", nullable = false)
    private int seenAtLastTs;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected LogCursor() {
    }

    public LogCursor(long meshResultId, String streamName) {
        this.meshResultId = meshResultId;
        this.streamName = streamName;
        this.updatedAt = Instant.EPOCH;
    }

    public void advance(String token, long lastTs, int seenAtLast, Instant now) {
        this.nextToken = token;
        this.lastEventTs = lastTs;
        this.seenAtLastTs = seenAtLast;
        this.updatedAt = now;
    }

    public String getStreamName() {
        return streamName;
    }

    public String getNextToken() {
        return nextToken;
    }

    public long getLastEventTs() {
        return lastEventTs;
    }

    public int getSeenAtLastTs() {
        return seenAtLastTs;
    }

    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long meshResultId;
        private String streamName;

        public Key() {
        }

        public Key(long meshResultId, String streamName) {
            this.meshResultId = meshResultId;
            this.streamName = streamName;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.meshResultId == meshResultId
                    && Objects.equals(key.streamName, streamName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(meshResultId, streamName);
        }
    }
}
