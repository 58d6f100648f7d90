package io.meshwatch.job.boundary;

/** The 202 answer to a start request: the job id is known before anything runs. */
public record JobStarted(String jobId, long meshId, long projectId, String status) {
}
