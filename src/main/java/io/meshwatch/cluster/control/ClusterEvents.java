package io.meshwatch.cluster.control;

import fish.payara.micro.cdi.Inbound;
import fish.payara.micro.cdi.Outbound;
import io.meshwatch.cluster.entity.ClusterEvent;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.logstream.entity.LogEnded;
import io.meshwatch.logstream.entity.LogLinesAppended;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.EventMetadata;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries the events other instances' browsers need across the data grid, with
 * Payara's clustered CDI events: stored lines, a job's end, a log's end. The
 * sending instance observes them as fired; the receiving one fires them again
 * with {@link FromCluster}, so its observers (the live push, the tails) handle
 * them like its own and this relay never sends them back. A job's start stays
 * local: only the instance that launched it runs or launches it.
 *
 * <p>Only this class names Payara's API. On another server the class does not
 * load (the container skips it) and each instance serves its own browsers.
 */
@ApplicationScoped
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class.getName());

    @Inject
    ClusterSettings settings;

    @Inject
    Instances instances;

    @Inject
    @Outbound
    Event<ClusterEvent> outbound;

    @Inject
    Event<Object> local;

    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private volatile Boolean sharing;

    void onLines(@Observes LogLinesAppended appended, EventMetadata metadata) {
        send(appended, metadata);
    }

    void onFinished(@Observes JobFinished finished, EventMetadata metadata) {
        send(finished, metadata);
    }

    void onLogEnded(@Observes LogEnded ended, EventMetadata metadata) {
        send(ended, metadata);
    }

    private void send(Serializable payload, EventMetadata metadata) {
        if (!sharing() || metadata.getQualifiers().contains(FromCluster.Literal.INSTANCE)) {
            return;
        }
        try {
            outbound.fire(new ClusterEvent(instances.installation(), instances.id(), payload));
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            // The grid is down or disabled: this instance's own browsers still get everything.
            if (failed.getAndIncrement() % 1000 == 0) {
                LOG.log(Level.WARNING, "Sharing an event through the data grid failed (" + failed.get()
                        + " so far)", e);
            }
        }
    }

    void onInbound(@Observes @Inbound ClusterEvent event) {
        if (!sharing() || !instances.installation().equals(event.installation())
                || instances.id().equals(event.origin())) {
            return;
        }
        received.incrementAndGet();
        try {
            local.select(FromCluster.Literal.INSTANCE).fire(event.payload());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Handling an event from instance " + event.origin() + " failed", e);
        }
    }

    private boolean sharing() {
        Boolean known = sharing;
        if (known == null) {
            known = settings.sharesEvents();
            sharing = known;
        }
        return known;
    }

    public boolean sharesEvents() {
        return sharing();
    }

    public long sent() {
        return sent.get();
    }

    public long received() {
        return received.get();
    }
}
