package io.meshwatch.it;

import static io.meshwatch.it.Api.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.webhook.control.WebhookSigner;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Meshwatch as it starts with nothing configured (MESHWATCH_MODE=prod by
 * default, no MODAL_WEBHOOK_SECRET, no MODAL_LAUNCH_URL): the webhook refuses
 * everything with 503 and health says why; Modal jobs cannot start.
 */
class UnconfiguredModeIT extends ContainerTest {

    @Test
    void theWebhookRefusesEveryDeliveryAndHealthReportsItDown() {
        byte[] body = "{\"job_id\":\"modal-1\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        JsonObject unsigned = expect(503, api.postJson("api/webhooks/modal", new String(body, StandardCharsets.UTF_8)));
        assertTrue(unsigned.getString("message").contains("MODAL_WEBHOOK_SECRET"), unsigned.toString());
        JsonObject signed = expect(503, api.send(java.net.http.HttpRequest.newBuilder(api.uri("api/webhooks/modal"))
                .header("Content-Type", "application/json")
                .header("X-Modal-Signature", WebhookSigner.modalSignature("anything", body))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build()));
        assertEquals("service_unavailable", signed.getString("error"));

        Api server = new Api(ProjectsIT.rootOf(base));
        java.net.http.HttpResponse<String> ready = server.get("health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject webhook = Api.object(ready).getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals("webhook")).findFirst().orElseThrow();
        assertEquals("DOWN", webhook.getString("status"));
        assertTrue(webhook.toString().contains("MODAL_WEBHOOK_SECRET"), webhook.toString());
    }

    @Test
    void aModalStartWithoutALaunchUrlIs503NamingTheSettingAndStartsNoJob() {
        long project = api.createProject("modal unconfigured");
        JsonObject error = expect(503, api.postJson("api/projects/" + project + "/meshes", "{\"backend\":\"modal\"}"));
        assertTrue(error.getString("message").contains("MODAL_LAUNCH_URL"), error.toString());
        assertTrue(expect(200, api.get("api/projects/" + project)).getJsonArray("jobs").isEmpty());
    }
}
