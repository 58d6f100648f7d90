package io.meshwatch.cluster.control;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This instance in the instance table: a new id per start, a heartbeat every
 * MESHWATCH_INSTANCE_HEARTBEAT, and its row removed on a clean stop so the
 * others take over at once rather than after the time-to-live.
 */
@ApplicationScoped
public class Instances {

    private static final Logger LOG = Logger.getLogger(Instances.class.getName());

    @Inject
    InstanceStore store;

    @Inject
    ClusterSettings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final String id;
    private final String host;
    private volatile String installation;
    private volatile boolean registered;
    private ScheduledFuture<?> beat;

    public Instances() {
        this.host = hostName();
        this.id = shorten(host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** After the migrations (they observe the same event at an earlier priority). */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    synchronized void start() {
        if (registered) {
            return;
        }
        String candidate = UUID.randomUUID().toString();
        try {
            installation = store.installation(candidate);
        } catch (RuntimeException e) {
            // Another instance created it at the same moment: read theirs.
            installation = store.installation(candidate);
        }
        store.register(id, host);
        registered = true;
        long every = settings.heartbeat().toMillis();
        beat = scheduler.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Instance " + id + " registered (heartbeat every " + settings.heartbeat()
                + ", dead after " + settings.ttl() + "; events shared through the data grid: "
                + settings.sharesEvents() + ")");
    }

    private void heartbeat() {
        try {
            if (!store.heartbeat(id, host)) {
                LOG.warning(() -> "Instance " + id + " had lost its row (stalled longer than the time-to-live?); "
                        + "registered again");
            }
            store.forgetLongDead(settings.ttl());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Heartbeat of instance " + id + " failed; the others treat this instance as dead "
                    + "after " + settings.ttl() + " without one", e);
        }
    }

    @PreDestroy
    void stop() {
        if (beat != null) {
            beat.cancel(false);
        }
        if (registered) {
            try {
                store.remove(id);
            } catch (RuntimeException e) {
                LOG.fine(() -> "Removing instance " + id + " on stop: " + e);
            }
        }
    }

    /** This instance's id, new at every start. */
    public String id() {
        return id;
    }

    /** The database's installation id (see the installation table). */
    public String installation() {
        if (installation == null) {
            start();
        }
        return installation;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }

    private static String shorten(String host) {
        String safe = host.replaceAll("[^A-Za-z0-9.-]", "");
        return safe.length() > 40 ? safe.substring(0, 40) : safe.isEmpty() ? "host" : safe;
    }
}
