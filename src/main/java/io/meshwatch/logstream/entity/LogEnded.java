package io.meshwatch.logstream.entity;

import java.io.Serializable;

/**
 * Fired by a job's producer (local runner, CloudWatch tail) when nothing more
 * will be stored for the job: {@code lastSeq} is its final line.
 */
public record LogEnded(String jobId, long projectId, long lastSeq) implements Serializable {
}
