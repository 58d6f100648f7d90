package io.meshwatch.cloudwatch.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** /health/live, "cloudwatch-tail": the tails and their call counters. Failures never make it DOWN. */
@Liveness
@ApplicationScoped
public class CloudWatchHealth implements HealthCheck {

    @Inject
    CloudWatchTails tails;

    @Override
    public HealthCheckResponse call() {
        TailPoller poller = tails.poller();
        return HealthCheckResponse.named("cloudwatch-tail")
                .withData("active_tails", tails.activeTails())
                .withData("owned_tails", tails.ownedTails())
                .withData("calls", poller.calls())
                .withData("throttled", poller.throttled())
                .withData("failures", poller.failures())
                .withData("expired_tokens", poller.expiredTokens())
                .up()
                .build();
    }
}
