package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshwatch.webhook.control.SignatureVerifier.Headers;
import io.meshwatch.webhook.control.SignatureVerifier.Outcome;
import io.meshwatch.webhook.control.SignatureVerifier.Scheme;
import io.meshwatch.webhook.control.SignatureVerifier.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worked signing example in docs/API.md verifies with Meshwatch's own verifier, as printed. */
class SigningExampleTest {

    static final Path API_MD = Path.of("docs", "API.md");
    static final String MARKER = "<!-- signing-example";

    String guide;
    Map<String, String> example;
    SignatureVerifier cut;

    @BeforeEach
    void readExample() throws IOException {
        guide = Files.readString(API_MD);
        example = example(guide);
        cut = new SignatureVerifier(List.of(example.get("secret")), SignatureVerifier.DEFAULT_TOLERANCE,
                Clock.fixed(Instant.ofEpochSecond(Long.parseLong(example.get("webhook-timestamp"))), ZoneOffset.UTC));
    }

    @Test
    void theModalSignatureInTheGuideVerifies() {
        Verification verdict = cut.verify(Headers.of(Map.of("X-Modal-Signature", example.get("X-Modal-Signature"))),
                body());
        assertEquals(new Verification(Outcome.VALID, Scheme.MODAL_HMAC, null), verdict);
    }

    @Test
    void theStandardWebhooksSignatureInTheGuideVerifies() {
        Verification verdict = cut.verify(Headers.of(standardHeaders()), body());
        assertEquals(new Verification(Outcome.VALID, Scheme.STANDARD_WEBHOOKS, example.get("webhook-id")), verdict);
    }

    @Test
    void theSameSignaturesDoNotVerifyAnotherBody() {
        byte[] other = example.get("body").replace("completed", "failed").getBytes(StandardCharsets.UTF_8);
        assertEquals(Outcome.INVALID,
                cut.verify(Headers.of(Map.of("X-Modal-Signature", example.get("X-Modal-Signature"))), other).outcome());
        assertEquals(Outcome.INVALID, cut.verify(Headers.of(standardHeaders()), other).outcome());
    }

    @Test
    void theOpensslCommandsInTheGuideUseTheseValuesAndPrintTheseSignatures() {
        assertTrue(guide.contains("secret='" + example.get("secret") + "'"), "the shell example's secret");
        assertTrue(guide.contains("body='" + example.get("body") + "'"), "the shell example's body");
        assertTrue(guide.contains("id='" + example.get("webhook-id") + "'"), "the shell example's webhook-id");
        assertTrue(guide.contains("ts=" + example.get("webhook-timestamp") + "\n"), "the shell example's timestamp");
        assertTrue(guide.contains("# " + example.get("X-Modal-Signature").substring("sha256=".length()) + "\n"),
                "the hex the shell example prints");
        assertTrue(guide.contains("# " + example.get("webhook-signature").substring("v1,".length()) + "\n"),
                "the base64 the shell example prints");
    }

    private Map<String, String> standardHeaders() {
        return Map.of("webhook-id", example.get("webhook-id"),
                "webhook-timestamp", example.get("webhook-timestamp"),
                "webhook-signature", example.get("webhook-signature"));
    }

    private byte[] body() {
        return example.get("body").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code name: value} lines of the fenced block after the marker. */
    static Map<String, String> example(String guide) {
        int marker = guide.indexOf(MARKER);
        assertTrue(marker >= 0, "docs/API.md has no " + MARKER + " block");
        int start = guide.indexOf("```text\n", marker) + "```text\n".length();
        int end = guide.indexOf("```", start);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : guide.substring(start, end).split("\n")) {
            int colon = line.indexOf(':');
            values.put(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        assertEquals(List.of("secret", "body", "webhook-id", "webhook-timestamp", "X-Modal-Signature",
                "webhook-signature"), List.copyOf(values.keySet()));
        return values;
    }
}
