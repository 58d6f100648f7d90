package io.meshwatch.localrun.control;

import io.meshwatch.cluster.control.ClusterSettings;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.logstream.control.LogProducers;
import io.meshwatch.logstream.control.LogWriter;
import io.meshwatch.logstream.entity.LogEnded;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs local jobs as subprocesses, each supervised by its own container-managed
 * thread ({@link LocalRun}), and keeps the running ones so they can be stopped
 * with the application.
 */
@ApplicationScoped
public class LocalRunner {

    private static final Logger LOG = Logger.getLogger(LocalRunner.class.getName());
    static final String ORPHANED = "The Meshwatch instance that ran this local job stopped; its process is gone";

    @Resource
    ManagedThreadFactory threads;

    @Inject
    JobStore jobs;

    @Inject
    LogWriter logs;

    @Inject
    LocalCommand command;

    @Inject
    Event<JobFinished> finished;

    @Inject
    Event<LogEnded> logEnded;

    @Inject
    LogProducers producers;

    @Inject
    @ConfigProperty(name = "meshwatch.job.timeout", defaultValue = "PT6H")
    Duration timeout;

    @Inject
    ClusterSettings cluster;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Map<String, LocalRun> running = new ConcurrentHashMap<>();
    private ScheduledFuture<?> sweep;

    /**
     * A local job's process dies with the instance that ran it. Every heartbeat
     * interval (and at start), end the unfinished local jobs whose instance is
     * dead, here or elsewhere, rather than show them RUNNING forever.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        long every = cluster.heartbeat().toMillis();
        sweep = scheduler.scheduleWithFixedDelay(this::failOrphans, 0, every, TimeUnit.MILLISECONDS);
    }

    void failOrphans() {
        try {
            for (String jobId : jobs.orphanedLocal(cluster.ttl())) {
                try {
                    jobs.finish(jobId, JobStore.Outcome.failed(ORPHANED, null)).ifPresent(end -> {
                        finished.fire(end);
                        LOG.warning(() -> "Failed local job " + jobId + ": " + ORPHANED);
                    });
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Could not end orphaned local job " + jobId + ": " + e);
                }
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Looking for orphaned local jobs failed: " + e);
        }
    }

    void onQueued(@Observes JobQueued job) {
        if (job.backend() != Backend.LOCAL) {
            return;
        }
        LocalRun run = new LocalRun(job, this);
        running.put(job.jobId(), run);
        producers.activate(job.jobId());
        Thread supervisor = threads.newThread(run::supervise);
        supervisor.setName("local-job-" + job.jobId());
        supervisor.start();
    }

    void ended(String jobId) {
        running.remove(jobId);
    }


    @PreDestroy
    void stopAll() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        running.values().forEach(LocalRun::kill);
    }
}
