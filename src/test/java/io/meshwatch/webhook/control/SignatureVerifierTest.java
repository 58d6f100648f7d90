package io.meshwatch.webhook.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.meshwatch.webhook.control.SignatureVerifier.Headers;
import io.meshwatch.webhook.control.SignatureVerifier.Outcome;
import io.meshwatch.webhook.control.SignatureVerifier.Scheme;
import io.meshwatch.webhook.control.SignatureVerifier.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureVerifierTest {

    static final String SECRET = "modal-shared-secret";
    static final long NOW = 1614265330;
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final byte[] BODY = """
            {"job_id": "modal-3f2a", "status": "completed", "result": {"success": true}, "error": null}"""
            .getBytes(StandardCharsets.UTF_8);

    SignatureVerifier cut = verifier(SECRET);

    static SignatureVerifier verifier(String... secrets) {
        return new SignatureVerifier(List.of(secrets), SignatureVerifier.DEFAULT_TOLERANCE,
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    }

    Verification verifyModal(String header, byte[] body) {
        return cut.verify(Headers.of(Map.of("X-Modal-Signature", header)), body);
    }

    Verification verifyStandard(String id, String timestamp, String signature, byte[] body) {
        return cut.verify(Headers.of(Map.of("webhook-id", id, "webhook-timestamp", timestamp,
                "webhook-signature", signature)), body);
    }

    String standardSignature(String secret, long timestamp) {
        return WebhookSigner.standardSignature(secret, ID, Long.toString(timestamp), BODY);
    }

    @Test
    void acceptsTheStandardWebhooksPublicExample() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] payload = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        cut = verifier(secret);

        Verification result = verifyStandard(ID, "1614265330", expected, payload);

        assertEquals(new Verification(Outcome.VALID, Scheme.STANDARD_WEBHOOKS, ID), result);
        assertEquals(expected, WebhookSigner.standardSignature(secret, ID, "1614265330", payload),
                "the test signer agrees with the published vector");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256=%s", "%s", "SHA256=%s"})
    void acceptsTheModalSignatureWithOrWithoutPrefixInEitherCase(String format) {
        String hex = WebhookSigner.modalHex(SECRET, BODY);

        assertEquals(new Verification(Outcome.VALID, Scheme.MODAL_HMAC, null),
                verifyModal(format.formatted(hex), BODY));
        assertEquals(Outcome.VALID, verifyModal(format.formatted(hex.toUpperCase(Locale.ROOT)), BODY).outcome());
    }

    @Test
    void anyConfiguredSecretVerifiesSoASecretCanBeRotated() {
        cut = verifier("old-secret", "new-secret");

        assertEquals(Outcome.VALID, verifyModal(WebhookSigner.modalSignature("new-secret", BODY), BODY).outcome());
        assertEquals(Outcome.VALID,
                verifyStandard(ID, Long.toString(NOW), standardSignature("new-secret", NOW), BODY).outcome());
        assertEquals(Outcome.INVALID,
                verifyModal(WebhookSigner.modalSignature("retired-secret", BODY), BODY).outcome());
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String modal = WebhookSigner.modalSignature("not-the-secret", BODY);
        String standard = standardSignature("not-the-secret", NOW);

        Verification modalResult = verifyModal(modal, BODY);
        Verification standardResult = verifyStandard(ID, Long.toString(NOW), standard, BODY);

        assertEquals(new Verification(Outcome.INVALID, Scheme.MODAL_HMAC, null), modalResult);
        assertEquals(new Verification(Outcome.INVALID, Scheme.STANDARD_WEBHOOKS, null), standardResult,
                "an unauthenticated delivery id is not handed on");
        assertFalse(standardResult.toString().contains(standard.substring(3)));
    }

    @Test
    void refusesTruncatedSignatures() {
        String modal = WebhookSigner.modalSignature(SECRET, BODY);
        String standard = standardSignature(SECRET, NOW);

        assertEquals(Outcome.INVALID, verifyModal(modal.substring(0, modal.length() - 2), BODY).outcome());
        assertEquals(Outcome.INVALID, verifyStandard(ID, Long.toString(NOW),
                standard.substring(0, standard.length() - 4), BODY).outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha256=", "   ", "sha256=not-hex", "sha512=%s", "%sg"})
    void refusesModalSignaturesThatAreNotHexOfTheRightLengthWithoutThrowing(String format) {
        String hex = WebhookSigner.modalHex(SECRET, BODY);
        String notHex = format.equals("%sg") ? hex.substring(1) + "g" : format.formatted(hex);

        assertEquals(Outcome.INVALID, verifyModal(notHex, BODY).outcome());
    }

    @Test
    void refusesMalformedBase64WithoutThrowing() {
        assertEquals(Outcome.INVALID, verifyStandard(ID, Long.toString(NOW), "v1,!!not*base64!!", BODY).outcome());
    }

    @Test
    void acceptsWhenAnyOfSeveralSignaturesIsRight() {
        String header = standardSignature("other-secret", NOW) + " " + standardSignature(SECRET, NOW);

        assertEquals(Outcome.VALID, verifyStandard(ID, Long.toString(NOW), header, BODY).outcome());
    }

    @Test
    void ignoresSignaturesOfOtherVersions() {
        String right = standardSignature(SECRET, NOW).substring("v1,".length());

        assertEquals(Outcome.INVALID, verifyStandard(ID, Long.toString(NOW), "v1a," + right, BODY).outcome());
        assertEquals(Outcome.INVALID, verifyStandard(ID, Long.toString(NOW), "v2," + right, BODY).outcome());
        assertEquals(Outcome.VALID,
                verifyStandard(ID, Long.toString(NOW), "v1a,garbage v1," + right, BODY).outcome());
    }

    @ParameterizedTest
    @CsvSource({"-301, STALE_TIMESTAMP", "301, STALE_TIMESTAMP", "-299, VALID", "299, VALID", "-300, VALID"})
    void refusesTimestampsMoreThanFiveMinutesOffEitherWay(long offset, Outcome expected) {
        long timestamp = NOW + offset;

        Verification result = verifyStandard(ID, Long.toString(timestamp), standardSignature(SECRET, timestamp), BODY);

        assertEquals(expected, result.outcome());
    }

    @Test
    void reportsAForgeryAsInvalidEvenWhenItsTimestampIsStale() {
        long old = NOW - 3600;

        assertEquals(Outcome.INVALID,
                verifyStandard(ID, Long.toString(old), standardSignature("forger", old), BODY).outcome());
    }

    @Test
    void aReserializedBodyNoLongerVerifies() {
        byte[] sent = "{\"job_id\":\"modal-3f2a\",\"status\":\"completed\"}".getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = "{\"job_id\": \"modal-3f2a\", \"status\": \"completed\"}".getBytes(StandardCharsets.UTF_8);
        String standard = WebhookSigner.standardSignature(SECRET, ID, Long.toString(NOW), sent);

        assertEquals(Outcome.VALID, verifyModal(WebhookSigner.modalSignature(SECRET, sent), sent).outcome());
        assertEquals(Outcome.INVALID,
                verifyModal(WebhookSigner.modalSignature(SECRET, sent), reserialized).outcome());
        assertEquals(Outcome.INVALID, verifyStandard(ID, Long.toString(NOW), standard, reserialized).outcome());
    }

    @Test
    void reportsMissingWhenNoSignatureHeaderIsPresent() {
        Verification result = cut.verify(Headers.of(Map.of("Content-Type", "application/json")), BODY);

        assertEquals(new Verification(Outcome.MISSING, Scheme.NONE, null), result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "1614265330.5", "-1614265330", "+1614265330", "", " 1614265330",
            "99999999999999999999"})
    void reportsATimestampThatIsNotWholeUnixSecondsAsMalformed(String timestamp) {
        String signature = WebhookSigner.standardSignature(SECRET, ID, timestamp, BODY);

        assertEquals(Outcome.MALFORMED, verifyStandard(ID, timestamp, signature, BODY).outcome());
    }

    @Test
    void reportsIncompleteStandardHeadersAsMalformed() {
        Map<String, String> headers = new HashMap<>(WebhookSigner.standardHeaders(SECRET, ID, NOW, BODY));
        headers.remove("webhook-id");

        assertEquals(Outcome.MALFORMED, cut.verify(Headers.of(headers), BODY).outcome());
    }

    @Test
    void findsHeadersWhateverTheirCase() {
        Map<String, String> headers = new HashMap<>();
        WebhookSigner.standardHeaders(SECRET, ID, NOW, BODY)
                .forEach((name, value) -> headers.put(name.toUpperCase(Locale.ROOT), value));

        assertEquals(Outcome.VALID, cut.verify(Headers.of(headers), BODY).outcome());
        assertEquals(Outcome.VALID,
                verifyModal(WebhookSigner.modalSignature(SECRET, BODY), BODY).outcome());
        assertEquals(Outcome.VALID, cut.verify(
                Headers.of(Map.of("x-modal-signature", WebhookSigner.modalSignature(SECRET, BODY))), BODY).outcome());
    }

    @Test
    void withBothSchemesEitherVerifyingIsEnough() {
        Map<String, String> goodStandard = new HashMap<>(WebhookSigner.standardHeaders(SECRET, ID, NOW, BODY));
        goodStandard.put("X-Modal-Signature", WebhookSigner.modalSignature("wrong", BODY));
        Map<String, String> goodModal = new HashMap<>(WebhookSigner.standardHeaders("wrong", ID, NOW, BODY));
        goodModal.put("X-Modal-Signature", WebhookSigner.modalSignature(SECRET, BODY));

        assertEquals(new Verification(Outcome.VALID, Scheme.STANDARD_WEBHOOKS, ID),
                cut.verify(Headers.of(goodStandard), BODY));
        assertEquals(new Verification(Outcome.VALID, Scheme.MODAL_HMAC, null),
                cut.verify(Headers.of(goodModal), BODY));
    }

    @Test
    void aWhsecSecretSignsModalDeliveriesAsWrittenAndStandardOnesDecoded() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        cut = verifier(secret);

        assertEquals(Outcome.VALID, verifyModal(WebhookSigner.modalSignature(secret, BODY), BODY).outcome());
        assertEquals(Outcome.VALID,
                verifyStandard(ID, Long.toString(NOW), standardSignature(secret, NOW), BODY).outcome());
    }

    @Test
    void aRawSecretSignsStandardDeliveriesWithItsUtf8Bytes() {
        cut = verifier("plain-secret");

        assertEquals(Outcome.VALID,
                verifyStandard(ID, Long.toString(NOW), standardSignature("plain-secret", NOW), BODY).outcome());
    }

    @Test
    void refusesAWhsecSecretThatIsNotBase64WithoutQuotingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> verifier("fine-secret", "whsec_not*base64!"));

        assertEquals("MODAL_WEBHOOK_SECRET entry 2 starts with whsec_ but the rest is not valid base64",
                error.getMessage());
        assertNull(error.getCause());
    }

    @Test
    void refusesAnUnusableSecretList() {
        assertThrows(IllegalArgumentException.class, () -> verifier());
        assertThrows(IllegalArgumentException.class, () -> verifier("ok", " "));
        assertThrows(IllegalArgumentException.class, () -> verifier("whsec_"));
        assertThrows(IllegalArgumentException.class, () -> SignatureVerifier.fromSetting(null));
        assertThrows(IllegalArgumentException.class, () -> SignatureVerifier.fromSetting(" , ,"));
    }

    @Test
    void readsTheSettingAsATrimmedCommaSeparatedList() {
        cut = SignatureVerifier.fromSetting(" first ,, second ,");

        assertEquals(Outcome.VALID, verifyModal(WebhookSigner.modalSignature("first", BODY), BODY).outcome());
        assertEquals(Outcome.VALID, verifyModal(WebhookSigner.modalSignature("second", BODY), BODY).outcome());
        assertEquals(Outcome.INVALID, verifyModal(WebhookSigner.modalSignature(" first ", BODY), BODY).outcome());
    }

    @Test
    void standardDeliveriesUseTheRealClockFromTheSetting() {
        cut = SignatureVerifier.fromSetting(SECRET);
        long now = Instant.now().getEpochSecond();

        assertEquals(Outcome.VALID, verifyStandard(ID, Long.toString(now), standardSignature(SECRET, now), BODY)
                .outcome());
        assertEquals(Outcome.STALE_TIMESTAMP, verifyStandard(ID, Long.toString(NOW),
                standardSignature(SECRET, NOW), BODY).outcome());
        assertEquals(Duration.ofMinutes(5), SignatureVerifier.DEFAULT_TOLERANCE);
    }
}
