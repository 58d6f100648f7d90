package io.meshwatch.job.entity;

/**
 * Fired after a new job's row committed. The runner for its backend observes
 * it and launches the job; the job id is already in the client's answer.
 */
public record JobQueued(String jobId, long meshId, long projectId, Backend backend, String strategy,
                        String params) {
}
