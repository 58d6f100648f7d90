package io.meshwatch.webhook.boundary;

import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.platform.ApiError;
import io.meshwatch.webhook.control.CallbackApplier;
import io.meshwatch.webhook.control.JobCallback;
import io.meshwatch.webhook.control.SignatureVerifier;
import io.meshwatch.webhook.control.WebhookSettings;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/webhooks/modal}: the job's completion callback. Thin:
 * verifies the signature over the raw bytes, parses, and hands the rest to
 * {@link CallbackApplier}; pushes the result after the commit.
 */
@Path("webhooks/modal")
@RequestScoped
@WebhookGate.Gated
public class ModalWebhookResource {

    private static final Logger LOG = Logger.getLogger(ModalWebhookResource.class.getName());

    @Inject
    WebhookSettings settings;

    @Inject
    CallbackApplier applier;

    @Inject
    Event<JobFinished> finished;

    @Context
    HttpHeaders headers;

    @Context
    ContainerRequestContext request;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(byte[] body) {
        Object source = request.getProperty(WebhookGate.SOURCE);
        SignatureVerifier verifier = settings.verifier();
        String scheme = "unsigned";
        String deliveryId = null;
        if (verifier != null) {
            SignatureVerifier.Verification verification = verifier.verify(headers::getHeaderString, body);
            boolean unsignedInDev = settings.devMode() && verification.outcome() == SignatureVerifier.Outcome.MISSING;
            if (!verification.valid() && !unsignedInDev) {
                LOG.warning(() -> "Webhook from " + source + " refused: signature " + verification.outcome());
                return ApiError.response(401, refusal(verification.outcome()));
            }
            if (verification.valid()) {
                scheme = verification.scheme().name().toLowerCase(java.util.Locale.ROOT);
                deliveryId = verification.deliveryId();
            }
        }
        JobCallback callback = JobCallback.parse(body);
        String sha256 = sha256(body);
        String key = deliveryId != null ? "webhook-id:" + deliveryId : "sha256:" + sha256;
        CallbackApplier.Applied applied = applier.apply(callback, key, scheme, sha256);
        applied.event().ifPresent(event -> {
            try {
                finished.fire(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Pushing the end of " + event.jobId() + " failed", e);
            }
        });
        return Response.ok(Map.of("status", applied.result().name().toLowerCase(java.util.Locale.ROOT),
                "job_id", callback.jobId())).build();
    }

    private static String refusal(SignatureVerifier.Outcome outcome) {
        return switch (outcome) {
            case MISSING -> "Missing signature: send X-Modal-Signature or the webhook-id, webhook-timestamp and "
                    + "webhook-signature headers";
            case STALE_TIMESTAMP -> "webhook-timestamp is too far from the server's time";
            case MALFORMED -> "Malformed webhook-id, webhook-timestamp or webhook-signature header";
            default -> "Invalid signature";
        };
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
