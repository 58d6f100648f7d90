package io.meshwatch.logstream.entity;

import java.io.Serializable;
import java.util.List;

/**
 * Fired after a batch of a job's lines is committed, in seq order with no gap
 * from the previous batch. The live push observes it.
 */
public record LogLinesAppended(String jobId, long projectId, List<StoredLine> lines) implements Serializable {

    public long lastSeq() {
        return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
    }
}
