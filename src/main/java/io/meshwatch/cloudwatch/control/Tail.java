package io.meshwatch.cloudwatch.control;

import io.meshwatch.cloudwatch.entity.LogCursor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One Modal job's tail. Polled by at most one task at a time (inFlight); the
 * dispatcher reads only the volatile scheduling fields.
 */
final class Tail {

    /** How often a tail without the lease tries to take it. */
    static final long STANDBY_RETRY = java.time.Duration.ofSeconds(2).toNanos();

    final String jobId;
    final long meshResultId;
    final long projectId;
    final String group;
    final Set<String> streams = new LinkedHashSet<>();
    /** Cursors by stream, loaded from the database on the first poll. */
    Map<String, LogCursor> cursors;

    volatile long nextDue;
    volatile boolean inFlight;
    /** This instance holds the job's tail lease; without it the tail only tries to take it now and then. */
    volatile boolean owned;
    volatile boolean stopped;
    /** When the job ended (webhook or a sweep), or null while it runs. */
    volatile Instant endedAt;

    long intervalNanos;
    long lastDiscovery = Long.MIN_VALUE;
    Instant lastNewEvents = Instant.EPOCH;
    long missingSince;
    boolean missingReported;
    int failures;
    /** Which stream a poll reads first, so a throttled call never starves the same stream. */
    int rotation;
    /** Calls the current poll made. */
    int callsMade;
    /** Waits for the budget's token for a call beyond the poll's first. */
    private Runnable takeToken = () -> { };
    /** The last poll succeeded, stored nothing, and every stream gave back its token: the log is quiet. */
    boolean quiet;

    Tail(String jobId, long meshResultId, long projectId, long now, long baseInterval) {
        this.jobId = jobId;
        this.meshResultId = meshResultId;
        this.projectId = projectId;
        this.group = "/modal/jobs/" + jobId;
        this.streams.add("job-" + jobId);
        this.nextDue = now;
        this.intervalNanos = baseInterval;
    }

    /** Another instance holds the tail: forget the positions (they are that instance's now) and stand by. */
    void lostLease() {
        owned = false;
        cursors = null;
        lastDiscovery = Long.MIN_VALUE;
        nextDue = System.nanoTime() + STANDBY_RETRY;
    }

    boolean discoveryDue(long now, long every) {
        return lastDiscovery == Long.MIN_VALUE || now - lastDiscovery >= every;
    }

    /** A poll begins with its first call's token already taken. */
    void startPoll(Runnable takeToken) {
        this.takeToken = takeToken;
        callsMade = 0;
    }

    /** Before each CloudWatch call of a poll: counts it and, after the first, waits for its token. */
    void beforeCall() {
        if (callsMade++ > 0) {
            takeToken.run();
        }
    }

    Map<String, LogCursor> cursors() {
        if (cursors == null) {
            cursors = new LinkedHashMap<>();
        }
        return cursors;
    }
}
