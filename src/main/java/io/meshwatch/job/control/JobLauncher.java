package io.meshwatch.job.control;

import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts a job: the row (and so the job id) first, then {@link JobQueued} for
 * the backend's runner, which works in the background.
 */
@ApplicationScoped
public class JobLauncher {

    @Inject
    JobStore jobs;

    @Inject
    Event<JobQueued> queued;

    @Inject
    @ConfigProperty(name = "modal.launch.url")
    Optional<String> modalLaunchUrl;

    public MeshResult start(long projectId, Backend backend, String strategy, JsonObject params) {
        if (backend == Backend.MODAL) {
            if (modalLaunchUrl.filter(url -> !url.isBlank()).isEmpty()) {
                throw ApiException.unavailable("Modal jobs cannot start: MODAL_LAUNCH_URL is not set");
            }
        }
        Geometry.of(params);
        MeshResult job = jobs.create(projectId, backend, strategy, params.toString());
        queued.fire(new JobQueued(job.getJobId(), job.getId(), job.getProjectId(), backend, strategy,
                params.toString()));
        return job;
    }
}
