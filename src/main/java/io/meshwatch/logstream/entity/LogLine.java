package io.meshwatch.logstream.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One stored line of a job's log; (job, seq) identifies it. */
@Entity
@Table(name = "log_line")
@IdClass(LogLine.Key.class)
@NamedQuery(name = LogLine.FIND_AFTER,
        query = "SELECT l FROM LogLine l WHERE l.meshResultId = :meshResultId AND l.seq > :after ORDER BY l.seq")
public class LogLine {

    public static final String FIND_AFTER = "LogLine.findAfter";

    @Id
    @Column(name = "mesh_result_id")
    private long meshResultId;

    @Id
    private long seq;

    @Column(nullable = false)
    private Instant ts;

    @Column(nullable = false, length = 512)
    private String stream;

    @Column(nullable = false, length = 8)
    private String level;

    @Column(nullable = false)
    private String text;

    protected LogLine() {
    }

    public LogLine(long meshResultId, long seq, Instant ts, String stream, LogLevel level, String text) {
        this.meshResultId = meshResultId;
        this.seq = seq;
        this.ts = ts;
        this.stream = stream;
        this.level = level.name();
        this.text = text;
    }

    public long getMeshResultId() {
        return meshResultId;
    }

    public long getSeq() {
        return seq;
    }

    public Instant getTs() {
        return ts;
    }

    public String getStream() {
        return stream;
    }

    public String getLevel() {
        return level;
    }

    public String getText() {
        return text;
    }

    /** The composite key of a stored line. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private long meshResultId;
        private long seq;

        public Key() {
        }

        public Key(long meshResultId, long seq) {
            this.meshResultId = meshResultId;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.meshResultId == meshResultId && key.seq == seq;
        }

        @Override
        public int hashCode() {
            return Objects.hash(meshResultId, seq);
        }
    }
}
