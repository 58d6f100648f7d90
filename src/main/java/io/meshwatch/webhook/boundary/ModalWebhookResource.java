package io.meshwatch.webhook.boundary;

import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.platform.ApiDocs;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/webhooks/modal}: the job's completion callback. Thin:
 * verifies the signature over the raw bytes, parses, and hands the rest to
 * {@link CallbackApplier}; pushes the result after the commit.
 */
@Path("webhooks/modal")
@RequestScoped
@WebhookGate.Gated
@Tag(name = "webhooks", description = "The signed completion callback of a Modal job")
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
    @Operation(operationId = "modalWebhook", summary = "A Modal job's completion callback",
            description = "Signed over the raw body bytes with either scheme (docs/API.md has a worked example). "
                    + "Applied once: the key is the webhook-id, or the SHA-256 of the body; a repeat answers "
                    + "200 duplicate. job_completed or job_failed goes to the project's WebSocket room after "
                    + "the commit.")
    @SecurityRequirementsSet(@SecurityRequirement(name = "ModalSignature"))
    @SecurityRequirementsSet({
        @SecurityRequirement(name = "StandardWebhookId"),
        @SecurityRequirement(name = "StandardWebhookTimestamp"),
        @SecurityRequirement(name = "StandardWebhookSignature")
    })
    @RequestBody(required = true, content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "JobCallback")))
    @APIResponse(responseCode = "200", description = "Applied now, or before (a repeat changes nothing)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = "WebhookAnswer")))
    @APIResponse(responseCode = "400", description = "Not a JSON object, or job_id, status, result or error invalid",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "BadCallbackStatus")))
    @APIResponse(responseCode = "401", description = "Signature missing, invalid, malformed, or timestamp too far off",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "BadSignature")))
    @APIResponse(responseCode = "403", description = "Source address not in MESHWATCH_WEBHOOK_ALLOWED_CIDRS",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "SourceRefused")))
    @APIResponse(responseCode = "404", description = ApiDocs.NOT_FOUND_JOB, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "CallbackJobNotFound")))
    @APIResponse(responseCode = "409", description = "The job already ended the other way",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "ConflictingEnd")))
    @APIResponse(responseCode = "413", description = "Body over 1 MiB", content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "TooLarge")))
    @APIResponse(responseCode = "415", description = ApiDocs.NOT_JSON, content = @Content(mediaType = ApiDocs.JSON,
            schema = @Schema(ref = ApiDocs.ERROR), examples = @ExampleObject(name = "CallbackNotJson")))
    @APIResponse(responseCode = "429", description = "Too many calls from this source; wait Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait",
                    schema = @Schema(ref = "Seconds")),
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "RateLimited")))
    @APIResponse(responseCode = "503", description = "MESHWATCH_MODE=prod and no MODAL_WEBHOOK_SECRET",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(ref = ApiDocs.ERROR),
                    examples = @ExampleObject(name = "NoSecret")))
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
