package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.webhook.control.SignatureVerifier.Headers;
import io.meshwatch.webhook.control.SignatureVerifier.Scheme;
import io.meshwatch.webhook.control.SignatureVerifier.Verification;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared test vectors (src/test/resources/webhook-vectors.json) that the Python
 * worker's tests also check its signer against: what the worker sends, this verifier
 * accepts, scheme by scheme.
 */
class SignatureVectorsTest {

    static Stream<JsonObject> vectors() throws IOException {
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/webhook-vectors.json");
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject().getJsonArray("vectors").getValuesAs(JsonObject.class).stream();
        }
    }

    static SignatureVerifier verifierAt(JsonObject vector) {
        Instant signedAt = Instant.ofEpochSecond(vector.getJsonNumber("timestamp").longValue());
        return new SignatureVerifier(List.of(vector.getString("secret")), SignatureVerifier.DEFAULT_TOLERANCE,
                Clock.fixed(signedAt, ZoneOffset.UTC));
    }

    static Map<String, String> standardHeaders(JsonObject vector) {
        return Map.of("webhook-id", vector.getString("webhook_id"),
                "webhook-timestamp", vector.getJsonNumber("timestamp").toString(),
                "webhook-signature", vector.getString("webhook_signature"));
    }

    static byte[] body(JsonObject vector) {
        return vector.getString("body").getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theModalSignatureVerifies(JsonObject vector) {
        Verification result = verifierAt(vector).verify(
                Headers.of(Map.of("X-Modal-Signature", vector.getString("x_modal_signature"))), body(vector));
        assertTrue(result.valid(), vector.getString("name") + ": " + result);
        assertEquals(Scheme.MODAL_HMAC, result.scheme());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theStandardWebhooksSignatureVerifiesWithItsIdAsTheDeliveryKey(JsonObject vector) {
        Verification result = verifierAt(vector).verify(Headers.of(standardHeaders(vector)), body(vector));
        assertTrue(result.valid(), vector.getString("name") + ": " + result);
        assertEquals(Scheme.STANDARD_WEBHOOKS, result.scheme());
        assertEquals(vector.getString("webhook_id"), result.deliveryId());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aBodyChangedByOneByteVerifiesUnderNeitherScheme(JsonObject vector) {
        byte[] changed = body(vector);
        changed[changed.length - 2] ^= 1;
        SignatureVerifier cut = verifierAt(vector);
        assertFalse(cut.verify(Headers.of(standardHeaders(vector)), changed).valid());
        assertFalse(cut.verify(Headers.of(Map.of("X-Modal-Signature", vector.getString("x_modal_signature"))),
                changed).valid());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theTestSignerAgreesWithTheVectors(JsonObject vector) {
        String secret = vector.getString("secret");
        assertEquals(vector.getString("x_modal_signature"), WebhookSigner.modalSignature(secret, body(vector)));
        assertEquals(vector.getString("webhook_signature"), WebhookSigner.standardSignature(secret,
                vector.getString("webhook_id"), vector.getJsonNumber("timestamp").toString(), body(vector)));
    }
}
