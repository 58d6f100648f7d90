package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.StoredLine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coalesces one job's stored lines into batches: the first lines after a quiet
 * spell go out at once, then for one window (50 ms by default) lines gather and
 * go out together, or sooner once a batch is full. A job printing 10,000 lines
 * a second thus makes about 20 frames a second per client, not 10,000.
 */
final class JobFeed {

    interface Timer {
        void after(Runnable task);
    }

    private final String jobId;
    private final int batchLines;
    private final Consumer<LiveBatch> dispatch;
    private final Timer timer;
    private final List<StoredLine> pending = new ArrayList<>();
    private boolean windowOpen;

    JobFeed(String jobId, int batchLines, Consumer<LiveBatch> dispatch, Timer timer) {
        this.jobId = jobId;
        this.batchLines = batchLines;
        this.dispatch = dispatch;
        this.timer = timer;
    }

    synchronized void offer(List<StoredLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        if (!windowOpen) {
            dispatch.accept(new LiveBatch(jobId, lines));
            windowOpen = true;
            timer.after(this::windowClosed);
            return;
        }
        pending.addAll(lines);
        if (pending.size() >= batchLines) {
            flushPending();
        }
    }

    /** Sends what is waiting now, before an event that must follow it. */
    synchronized void flush() {
        if (!pending.isEmpty()) {
            flushPending();
        }
    }

    private synchronized void windowClosed() {
        if (pending.isEmpty()) {
            windowOpen = false;
        } else {
            flushPending();
            timer.after(this::windowClosed);
        }
    }

    private void flushPending() {
        dispatch.accept(new LiveBatch(jobId, List.copyOf(pending)));
        pending.clear();
    }
}
