package io.meshwatch.localrun.control;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.logstream.control.LogProducers;
import io.meshwatch.logstream.control.LogWriter;
import io.meshwatch.logstream.entity.LogEnded;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    static final String RESTARTED = "Meshwatch stopped while this local job was running; its process is gone";

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

    private final Map<String, LocalRun> running = new ConcurrentHashMap<>();

    /**
     * A local job's process dies with the server that ran it; at start, end the
     * jobs a previous run left behind rather than show them RUNNING forever.
     */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        for (String jobId : jobs.unfinished(Backend.LOCAL)) {
            try {
                jobs.finish(jobId, JobStore.Outcome.failed(RESTARTED, null)).ifPresent(finished::fire);
                LOG.warning(() -> "Failed left-over local job " + jobId + ": " + RESTARTED);
            } catch (RuntimeException e) {
                LOG.warning(() -> "Could not end left-over local job " + jobId + ": " + e);
            }
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
        running.values().forEach(LocalRun::kill);
    }
}
