package io.meshwatch.job.entity;

import java.io.Serializable;

/**
 * Fired once, after the transaction that moved a job to COMPLETED or FAILED
 * committed. {@code result} is the stored result as JSON text (or null).
 */
public record JobFinished(String jobId, long projectId, JobStatus status, String result, String error)
        implements Serializable {
}
