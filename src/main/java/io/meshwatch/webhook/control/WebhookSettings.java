package io.meshwatch.webhook.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The webhook's settings, read and checked once at start. The mode is explicit:
 * {@code prod} (default) refuses every delivery without a configured secret;
 * {@code dev} accepts unsigned deliveries and says so loudly.
 */
@ApplicationScoped
public class WebhookSettings {

    private static final Logger LOG = Logger.getLogger(WebhookSettings.class.getName());

    @Inject
    @ConfigProperty(name = "meshwatch.mode", defaultValue = "prod")
    String mode;

    @Inject
    @ConfigProperty(name = "modal.webhook.secret")
    Optional<String> secrets;

    @Inject
    @ConfigProperty(name = "meshwatch.webhook.tolerance", defaultValue = "PT5M")
    Duration tolerance;

    @Inject
    @ConfigProperty(name = "meshwatch.webhook.allowed.cidrs")
    Optional<String> allowedCidrs;

    @Inject
    @ConfigProperty(name = "meshwatch.trusted.proxies")
    Optional<String> trustedProxies;

    @Inject
    @ConfigProperty(name = "meshwatch.webhook.rate.capacity", defaultValue = "60")
    int rateCapacity;

    @Inject
    @ConfigProperty(name = "meshwatch.webhook.rate.per-second", defaultValue = "10")
    double ratePerSecond;

    private SignatureVerifier verifier;
    private List<Cidr> allowed;
    private ClientAddress clientAddress;
    private RateLimiter rateLimiter;
    private String problem;

    @PostConstruct
    void init() {
        allowed = Cidr.parseList(allowedCidrs.orElse(""));
        clientAddress = new ClientAddress(Cidr.parseList(trustedProxies.orElse("")));
        rateLimiter = new RateLimiter(rateCapacity, ratePerSecond, System::nanoTime);
        if (!"prod".equals(mode) && !"dev".equals(mode)) {
            throw new IllegalStateException("MESHWATCH_MODE must be prod or dev, not '" + mode + "'");
        }
        String configured = secrets.orElse("").trim();
        if (configured.isEmpty()) {
            problem = "prod".equals(mode)
                    ? "MODAL_WEBHOOK_SECRET is not set: webhooks are refused (MESHWATCH_MODE=prod)" : null;
        } else {
            List<String> list = java.util.Arrays.stream(configured.split(",")).map(String::trim)
                    .filter(secret -> !secret.isEmpty()).toList();
            verifier = new SignatureVerifier(list, tolerance, Clock.systemUTC());
        }
    }

    /** Says at start what the webhook will do, once. */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (devMode()) {
            LOG.warning("MESHWATCH_MODE=dev: the webhook accepts UNSIGNED deliveries. Never run this in production.");
        }
        if (problem != null) {
            LOG.severe(problem);
        }
    }

    public boolean devMode() {
        return "dev".equals(mode);
    }

    /** Why the webhook cannot accept anything, or null when it can. */
    public String problem() {
        return problem;
    }

    /** The verifier, or null when no secret is set (only possible in dev mode). */
    public SignatureVerifier verifier() {
        return verifier;
    }

    public List<Cidr> allowed() {
        return allowed;
    }

    public ClientAddress clientAddress() {
        return clientAddress;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }
}
