package io.meshwatch.logstream.control;

/**
 * One session's view of one job's log. {@code cursor} is the last seq sent;
 * while {@code filling}, lines come from the database page by page (catch-up,
 * or a gap), and live batches only raise {@code target}. Confined to its peer.
 */
final class Subscription {

    final String jobId;
    final long meshResultId;
    long cursor;
    long target;
    boolean filling;
    /** The job's final seq once its producer said it ended; -1 before. */
    long endSeq = -1;

    Subscription(String jobId, long meshResultId, long cursor, long target) {
        this.jobId = jobId;
        this.meshResultId = meshResultId;
        this.cursor = cursor;
        this.target = target;
        this.filling = cursor < target;
    }

    boolean complete() {
        return endSeq >= 0 && !filling && cursor >= endSeq;
    }
}
