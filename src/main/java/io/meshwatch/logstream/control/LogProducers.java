package io.meshwatch.logstream.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who produces each job's lines, and how many sessions watch each job.
 *
 * <p>A producer that runs by itself (a local job's runner) marks its job active
 * while it may still store lines. A producer that exists only while someone
 * watches (a Modal job's CloudWatch tail) plugs in as a {@link WatchedProducer}:
 * it is started on a job's first watcher and stopped on its last, with one
 * reference count per job kept here.
 */
@ApplicationScoped
public class LogProducers {

    /** A producer that runs only while a job is watched. */
    public interface WatchedProducer {
        /** Whether this producer serves the job (e.g. by its backend). */
        boolean serves(String jobId);

        void start(String jobId);

        void stop(String jobId);
    }

    @Inject
    Instance<WatchedProducer> watched;

    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> watchers = new ConcurrentHashMap<>();

    public void activate(String jobId) {
        active.add(jobId);
    }

    public void deactivate(String jobId) {
        active.remove(jobId);
    }

    /** True while a producer may still store lines of the job. */
    public boolean isActive(String jobId) {
        return active.contains(jobId);
    }

    /**
     * A session starts watching the job; the first one starts its watched producers.
     * Synchronized with {@link #unwatch}: a count and the start or stop it causes are one step.
     */
    public synchronized void watch(String jobId) {
        if (watchers.merge(jobId, 1, Integer::sum) == 1) {
            try {
                for (WatchedProducer producer : watched) {
                    if (producer.serves(jobId)) {
                        producer.start(jobId);
                    }
                }
            } catch (RuntimeException e) {
                watchers.remove(jobId);
                throw e;
            }
        }
    }

    /** A session stops watching the job; the last one stops its watched producers. */
    public synchronized void unwatch(String jobId) {
        Integer left = watchers.computeIfPresent(jobId, (id, count) -> count > 1 ? count - 1 : null);
        if (left == null) {
            for (WatchedProducer producer : watched) {
                if (producer.serves(jobId)) {
                    producer.stop(jobId);
                }
            }
        }
    }

    public int watchedJobs() {
        return watchers.size();
    }

    public int activeProducers() {
        return active.size();
    }
}
