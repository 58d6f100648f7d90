package io.meshwatch.job.boundary;

import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.JsonText;
import jakarta.json.JsonValue;
import java.time.Instant;

/** A job as JSON (DESIGN.md: "A job as JSON carries at least..."). */
public record JobView(
        String jobId,
        long meshId,
        long projectId,
        String backend,
        String status,
        String strategy,
        JsonValue params,
        String error,
        JsonValue result,
        String outputPath,
        JsonValue qualityMetrics,
        String callId,
        Integer exitCode,
        long lastSeq,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    public static JobView of(MeshResult job) {
        return new JobView(job.getJobId(), job.getId(), job.getProjectId(), job.getBackend().json(),
                job.getStatus().name(), job.getStrategy(), JsonText.value(job.getParams()), job.getError(),
                JsonText.value(job.getResult()), job.getOutputPath(), JsonText.value(job.getQualityMetrics()),
                job.getCallId(), job.getExitCode(), job.getLastSeq(), job.getCreatedAt(), job.getStartedAt(),
                job.getFinishedAt());
    }
}
