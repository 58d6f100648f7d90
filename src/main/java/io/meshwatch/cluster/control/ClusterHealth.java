package io.meshwatch.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** /health/live, "cluster": which instance answers, and the events it shared and received. */
@Liveness
@ApplicationScoped
public class ClusterHealth implements HealthCheck {

    @Inject
    Instances instances;

    @Inject
    ClusterEvents events;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster")
                .withData("instance", instances.id())
                .withData("shares_events", events.sharesEvents())
                .withData("events_sent", events.sent())
                .withData("events_received", events.received())
                .up()
                .build();
    }
}
