package io.meshwatch.logstream.control;

import io.meshwatch.logstream.entity.StoredLine;
import java.util.List;

/** Lines of one job, contiguous in seq, on their way to every session that watches it. */
final class LiveBatch {

    final String jobId;
    final List<StoredLine> lines;
    private volatile OutFrame frame;

    LiveBatch(String jobId, List<StoredLine> lines) {
        this.jobId = jobId;
        this.lines = lines;
    }

    long firstSeq() {
        return lines.get(0).seq();
    }

    long lastSeq() {
        return lines.get(lines.size() - 1).seq();
    }

    /** The frame for the whole batch, built once however many sessions send it. */
    OutFrame frame() {
        OutFrame built = frame;
        if (built == null) {
            synchronized (this) {
                built = frame;
                if (built == null) {
                    built = new OutFrame(Frames.lines(jobId, lines));
                    frame = built;
                }
            }
        }
        return built;
    }

    /** The frame for the lines after {@code cursor} only. */
    OutFrame frameAfter(long cursor) {
        return new OutFrame(Frames.lines(jobId, lines.stream().filter(l -> l.seq() > cursor).toList()));
    }
}
