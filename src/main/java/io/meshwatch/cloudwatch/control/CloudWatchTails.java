package io.meshwatch.cloudwatch.control;

import io.meshwatch.cluster.control.FromCluster;
import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobQueued;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.control.LogProducers;
import io.meshwatch.logstream.entity.LogEnded;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The registry of CloudWatch tails: one per Modal job that someone watches (or
 * every running one with MESHWATCH_CLOUDWATCH_CAPTURE=always). A dispatcher
 * hands out the shared call budget ten times a second to the tails that are
 * due, earliest first, so when more jobs are active than the budget allows,
 * each job's interval stretches instead of the budget being exceeded.
 */
@ApplicationScoped
public class CloudWatchTails implements LogProducers.WatchedProducer {

    private static final Logger LOG = Logger.getLogger(CloudWatchTails.class.getName());

    @Inject
    CloudWatchSettings settings;

    @Inject
    JobStore jobs;

    @Inject
    LogProducers producers;

    @Inject
    TailPoller poller;

    @Inject
    TailLeases leases;

    @Inject
    Event<LogEnded> logEnded;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService executor;

    private final Map<String, Tail> tails = new ConcurrentHashMap<>();
    private CallBudget budget;
    private ScheduledFuture<?> dispatcher;
    private ScheduledFuture<?> adopter;

    @PostConstruct
    void init() {
        budget = new CallBudget(settings.maxTps, System::nanoTime);
        dispatcher = scheduler.scheduleWithFixedDelay(this::dispatch, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Stops polling and gives up every lease, so another instance takes the tails over at once. */
    @PreDestroy
    void shutdown() {
        if (dispatcher != null) {
            dispatcher.cancel(false);
        }
        if (adopter != null) {
            adopter.cancel(false);
        }
        for (Tail tail : tails.values()) {
            tail.stopped = true;
            if (tail.owned) {
                release(tail);
            }
        }
    }

    /**
     * With MESHWATCH_CLOUDWATCH_CAPTURE=always: a tail for every unfinished Modal
     * job, now and every 10 s, so jobs another instance launched are covered too
     * (standing by while that instance holds their lease, taking over when it dies).
     */
    void onStart(@Observes @Initialized(jakarta.enterprise.context.ApplicationScoped.class) Object ignored) {
        if (settings.captureAlways()) {
            adopter = scheduler.scheduleWithFixedDelay(this::adoptUnfinished, 0, 10, TimeUnit.SECONDS);
        }
    }

    private void adoptUnfinished() {
        try {
            jobs.unfinished(Backend.MODAL).forEach(this::start);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Looking for unfinished Modal jobs to tail failed", e);
        }
    }

    void onQueued(@Observes JobQueued job) {
        if (settings.captureAlways() && job.backend() == Backend.MODAL) {
            start(job.jobId());
        }
    }

    void onFinished(@Observes JobFinished finished) {
        Tail tail = tails.get(finished.jobId());
        if (tail != null && tail.endedAt == null) {
            tail.endedAt = Instant.now();
        }
    }

    /**
     * Another instance's tail of this job ended its log: a tail here that only
     * stood by for the lease has nothing left to do.
     */
    void onEndedElsewhere(@Observes @FromCluster LogEnded ended) {
        Tail tail = tails.get(ended.jobId());
        if (tail != null && !tail.owned) {
            tail.stopped = true;
            removeIfStopped(tail);
        }
    }

    @Override
    public boolean serves(String jobId) {
        return jobId.startsWith("modal-");
    }

    /**
     * Starts the job's tail, or revives one that is stopping but whose last poll
     * has not finished: two tails of one job would read the same events twice.
     */
    @Override
    public void start(String jobId) {
        tails.compute(jobId, (id, existing) -> {
            if (existing != null) {
                existing.stopped = false;
                producers.activate(id);
                return existing;
            }
            MeshResult job = jobs.findByJobId(id).orElse(null);
            if (job == null || job.getBackend() != Backend.MODAL) {
                return null;
            }
            Tail tail = new Tail(id, job.getId(), job.getProjectId(), System.nanoTime(),
                    settings.baseInterval.toNanos());
            if (job.getStatus().isFinal()) {
                tail.endedAt = job.getFinishedAt() != null ? job.getFinishedAt() : Instant.now();
            }
            producers.activate(id);
            return tail;
        });
    }

    /** Nobody watches: stop; the stored positions let a later subscription read on. */
    @Override
    public void stop(String jobId) {
        Tail tail = tails.get(jobId);
        if (tail == null || (settings.captureAlways() && tail.endedAt == null)) {
            return;
        }
        tail.stopped = true;
        removeIfStopped(tail);
    }

    /** Removes a stopped tail once no poll of it is running; the map's lock orders this against start(). */
    private void removeIfStopped(Tail tail) {
        boolean[] removed = {false};
        tails.computeIfPresent(tail.jobId, (id, current) -> {
            if (current == tail && tail.stopped && !tail.inFlight) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        if (removed[0]) {
            producers.deactivate(tail.jobId);
            if (tail.owned) {
                release(tail);
            }
        }
    }

    private void release(Tail tail) {
        tail.owned = false;
        try {
            leases.release(tail.meshResultId);
        } catch (RuntimeException e) {
            // The lease then passes on when this instance's heartbeat expires.
            LOG.log(Level.WARNING, "Releasing the tail lease of " + tail.jobId + " failed", e);
        }
    }

    private void dispatch() {
        try {
            long now = System.nanoTime();
            List<Tail> due = tails.values().stream()
                    .filter(t -> !t.inFlight && !t.stopped && t.nextDue - now <= 0)
                    .sorted(Comparator.comparingLong(t -> t.nextDue))
                    .toList();
            for (Tail tail : due) {
                if (!tail.owned) {
                    // Taking the lease costs no CloudWatch call, only a database update.
                    tail.inFlight = true;
                    executor.execute(() -> claim(tail));
                    continue;
                }
                if (!budget.tryTake()) {
                    return;
                }
                tail.inFlight = true;
                executor.execute(() -> run(tail));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "CloudWatch dispatcher", e);
        }
    }

    /** Tries to take the job's tail lease; polls at once when it did, else tries again later. */
    private void claim(Tail tail) {
        try {
            if (!tail.stopped && leases.tryAcquire(tail.meshResultId)) {
                tail.owned = true;
                tail.cursors = null;
                tail.nextDue = System.nanoTime();
                LOG.fine(() -> "This instance holds the CloudWatch tail of " + tail.jobId);
            } else {
                tail.nextDue = System.nanoTime() + Tail.STANDBY_RETRY;
            }
        } catch (RuntimeException e) {
            tail.nextDue = System.nanoTime() + Tail.STANDBY_RETRY;
            LOG.log(Level.WARNING, "Taking the tail lease of " + tail.jobId + " failed", e);
        } finally {
            tail.inFlight = false;
        }
        if (tail.stopped) {
            removeIfStopped(tail);
        }
    }

    private void run(Tail tail) {
        boolean done = false;
        try {
            // The dispatcher took the first call's token; the poll waits for any further one.
            tail.startPoll(budget::take);
            done = !tail.stopped && poller.poll(tail);
        } finally {
            tail.inFlight = false;
        }
        if (done) {
            finish(tail);
        } else if (tail.stopped) {
            removeIfStopped(tail);
        }
    }

    /** The job ended and its log settled: nothing more will come. */
    private void finish(Tail tail) {
        if (!tails.remove(tail.jobId, tail)) {
            return;
        }
        tail.stopped = true;
        producers.deactivate(tail.jobId);
        long lastSeq = jobs.findByJobId(tail.jobId).map(MeshResult::getLastSeq).orElse(0L);
        try {
            logEnded.fire(new LogEnded(tail.jobId, tail.projectId, lastSeq));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Pushing the log end of " + tail.jobId + " failed", e);
        }
        // After the log end went out (also to the other instances, whose standing-by tails it
        // removes): released earlier, one of them could take the lease and read the ended log again.
        release(tail);
    }

    public int activeTails() {
        return tails.size();
    }

    /** Tails this instance holds the lease of (the others stand by). */
    public long ownedTails() {
        return tails.values().stream().filter(t -> t.owned).count();
    }

    public TailPoller poller() {
        return poller;
    }
}
