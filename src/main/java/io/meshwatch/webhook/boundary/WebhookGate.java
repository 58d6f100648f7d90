package io.meshwatch.webhook.boundary;

import io.meshwatch.platform.ApiError;
import io.meshwatch.webhook.control.Cidr;
import io.meshwatch.webhook.control.RateLimiter;
import io.meshwatch.webhook.control.WebhookSettings;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the webhook checks before it reads a body: the source network, the
 * source's rate, that the webhook can verify anything at all, and that the
 * body is JSON. The source is the peer, or the right-most untrusted
 * X-Forwarded-For entry when the peer is a trusted proxy.
 */
@Provider
@WebhookGate.Gated
public class WebhookGate implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(WebhookGate.class.getName());
    static final String SOURCE = "meshwatch.webhook.source";

    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Gated {
    }

    @Inject
    WebhookSettings settings;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        List<String> forwarded = request.getHeaders().getOrDefault("X-Forwarded-For", List.of());
        InetAddress source = settings.clientAddress().resolve(servletRequest.getRemoteAddr(), forwarded);
        request.setProperty(SOURCE, source.getHostAddress());
        List<Cidr> allowed = settings.allowed();
        if (!allowed.isEmpty() && allowed.stream().noneMatch(cidr -> cidr.contains(source))) {
            LOG.warning(() -> "Webhook refused from " + source.getHostAddress() + ": not in MESHWATCH_WEBHOOK_ALLOWED_CIDRS");
            request.abortWith(ApiError.response(403, "Source address not allowed to call the webhook"));
            return;
        }
        RateLimiter.Decision decision = settings.rateLimiter().tryAcquire(source.getHostAddress());
        if (!decision.allowed()) {
            request.abortWith(jakarta.ws.rs.core.Response.fromResponse(
                            ApiError.response(429, "Too many webhook calls from this source"))
                    .header("Retry-After", decision.retryAfterSeconds()).build());
            return;
        }
        if (settings.problem() != null) {
            request.abortWith(ApiError.response(503, settings.problem()));
            return;
        }
        MediaType type = request.getMediaType();
        boolean json = type != null && ("json".equalsIgnoreCase(type.getSubtype())
                || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
        if (!json) {
            request.abortWith(ApiError.response(415, "Send the callback as application/json"));
        }
    }
}
