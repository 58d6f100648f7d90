package io.meshwatch.modal.control;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.control.LogProducers;
import io.meshwatch.logstream.entity.LogEnded;
import io.meshwatch.platform.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails a Modal job that stayed silent (no callback, no log line, no state
 * change) for MESHWATCH_JOB_TIMEOUT, so a lost worker never leaves a job
 * RUNNING for ever. Runs every quarter of the timeout, at most every minute.
 * Safe on several instances: ending a job locks its row, so one sweep wins.
 */
@ApplicationScoped
public class SilentJobSweep {

    private static final Logger LOG = Logger.getLogger(SilentJobSweep.class.getName());

    @Inject
    @ConfigProperty(name = "meshwatch.job.timeout", defaultValue = "PT6H")
    Duration timeout;

    @Inject
    JobStore jobs;

    @Inject
    LogProducers producers;

    @Inject
    Event<JobFinished> finished;

    @Inject
    Event<LogEnded> logEnded;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweep;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Observing start-up creates the bean, and so schedules the sweep.
    }

    @PostConstruct
    void schedule() {
        long every = Math.max(1000, Math.min(timeout.toMillis() / 4, Duration.ofMinutes(1).toMillis()));
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }

    void sweep() {
        try {
            for (String jobId : jobs.silentSince(Backend.MODAL, Instant.now().minus(timeout))) {
                fail(jobId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The sweep of silent Modal jobs failed", e);
        }
    }

    private void fail(String jobId) {
        String error = "No completion callback and no log line for " + timeout + " (MESHWATCH_JOB_TIMEOUT)";
        try {
            jobs.finish(jobId, JobStore.Outcome.failed(error, null)).ifPresent(event -> {
                LOG.warning(() -> "Failed silent Modal job " + jobId + ": " + error);
                finished.fire(event);
                if (!producers.isActive(jobId)) {
                    long lastSeq = jobs.findByJobId(jobId).map(MeshResult::getLastSeq).orElse(0L);
                    logEnded.fire(new LogEnded(jobId, event.projectId(), lastSeq));
                }
            });
        } catch (ApiException e) {
            LOG.fine(() -> "Job " + jobId + " ended meanwhile: " + e.getMessage());
        }
    }
}
