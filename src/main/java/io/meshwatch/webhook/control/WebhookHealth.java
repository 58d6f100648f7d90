package io.meshwatch.webhook.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** /health/ready, "webhook": DOWN when it cannot accept deliveries; says so when in dev mode. */
@Readiness
@ApplicationScoped
public class WebhookHealth implements HealthCheck {

    @Inject
    WebhookSettings settings;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("webhook")
                .withData("mode", settings.devMode() ? "dev" : "prod")
                .withData("signed", settings.verifier() != null);
        if (settings.devMode()) {
            answer.withData("warning", "MESHWATCH_MODE=dev: unsigned webhooks are accepted");
        }
        if (settings.problem() != null) {
            return answer.withData("reason", settings.problem()).down().build();
        }
        return answer.up().build();
    }
}
