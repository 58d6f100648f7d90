package io.meshwatch.job.boundary;

import io.meshwatch.logstream.entity.StoredLine;
import java.util.List;

/**
 * A page of a job's stored log. {@code next_after} is the seq to ask after for
 * the next page; {@code has_more} says whether one exists now.
 */
public record LogPage(String jobId, String status, long after, long lastSeq, long nextAfter, boolean hasMore,
                      List<StoredLine> lines) {
}
