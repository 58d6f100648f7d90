package io.meshwatch.webhook.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a completion callback was signed with one of the configured
 * secrets, over the raw body bytes exactly as received (a re-serialized body
 * would not match). Accepts the Modal job's {@code X-Modal-Signature} HMAC and
 * Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}). Several secrets are tried so a secret can be
 * rotated without dropping deliveries. Nothing here ever reveals a secret or
 * a signature.
 */
public final class SignatureVerifier {

    public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    public static final String MODAL_SIGNATURE = "X-Modal-Signature";
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";
    /** The id becomes an idempotency key; a longer one is not something a sender would mean. */
    static final int MAX_ID_LENGTH = 256;
    private static final String HMAC = "HmacSHA256";
    private static final String WHSEC_PREFIX = "whsec_";
    private static final String SHA256_PREFIX = "sha256=";
    private static final int HMAC_HEX_LENGTH = 64;

    public enum Scheme { NONE, MODAL_HMAC, STANDARD_WEBHOOKS }

    /**
     * MISSING: no signature header at all. MALFORMED: Standard Webhooks headers
     * incomplete or the timestamp not an integer. STALE_TIMESTAMP: correctly
     * signed but outside the tolerance (a replay or a badly skewed clock).
     * INVALID: anything else that does not verify.
     */
    public enum Outcome { VALID, MISSING, INVALID, STALE_TIMESTAMP, MALFORMED }

    /**
     * The verdict. {@code deliveryId} is the {@code webhook-id}, set only when a
     * Standard Webhooks signature verified: an idempotency key must be authentic.
     */
    public record Verification(Outcome outcome, Scheme scheme, String deliveryId) {

        public boolean valid() {
            return outcome == Outcome.VALID;
        }
    }

    /** Request headers; lookups ignore case, as HTTP header names do. */
    @FunctionalInterface
    public interface Headers {

        /** The value of the named header, or null when absent. */
        String first(String name);

        static Headers of(Map<String, String> headers) {
            Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            byName.putAll(headers);
            return byName::get;
        }
    }

    private record Key(byte[] modal, byte[] standard) {
    }

    private final List<Key> keys;
    private final long toleranceSeconds;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException when there is no secret, a secret is blank,
     *         or a {@code whsec_} secret is not valid base64. A mistyped secret is a
     *         configuration error better reported at startup than by refusing every
     *         delivery, so a bad {@code whsec_} value is not silently used raw.
     */
    public SignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("MODAL_WEBHOOK_SECRET holds no secret");
        }
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("The timestamp tolerance must be zero or more");
        }
        List<Key> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            parsed.add(key(secrets.get(i), i + 1));
        }
        this.keys = List.copyOf(parsed);
        this.toleranceSeconds = tolerance.getSeconds();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** From {@code MODAL_WEBHOOK_SECRET}: comma-separated, trimmed, empty entries dropped. */
    public static SignatureVerifier fromSetting(String commaSeparated) {
        List<String> secrets = new ArrayList<>();
        if (commaSeparated != null) {
            for (String entry : commaSeparated.split(",")) {
                if (!entry.isBlank()) {
                    secrets.add(entry.strip());
                }
            }
        }
        return new SignatureVerifier(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    private static Key key(String secret, int position) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("MODAL_WEBHOOK_SECRET entry " + position + " is blank");
        }
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        if (!secret.startsWith(WHSEC_PREFIX)) {
            return new Key(raw, raw);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(secret.substring(WHSEC_PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            // Deliberately without the cause: its message could quote part of the secret.
            throw new IllegalArgumentException("MODAL_WEBHOOK_SECRET entry " + position
                    + " starts with whsec_ but the rest is not valid base64");
        }
        if (decoded.length == 0) {
            throw new IllegalArgumentException("MODAL_WEBHOOK_SECRET entry " + position + " is an empty whsec_ key");
        }
        // The Modal scheme has no whsec_ convention: it signs with the secret text as given.
        return new Key(raw, decoded);
    }

    /** If both schemes' headers are present, either one verifying is enough. */
    public Verification verify(Headers headers, byte[] body) {
        String modal = headers.first(MODAL_SIGNATURE);
        String id = headers.first(WEBHOOK_ID);
        String timestamp = headers.first(WEBHOOK_TIMESTAMP);
        String signature = headers.first(WEBHOOK_SIGNATURE);
        boolean hasStandard = id != null || timestamp != null || signature != null;
        if (modal == null && !hasStandard) {
            return new Verification(Outcome.MISSING, Scheme.NONE, null);
        }
        Verification standard = hasStandard ? verifyStandard(id, timestamp, signature, body) : null;
        if (standard != null && standard.valid()) {
            return standard;
        }
        Verification modalResult = modal != null ? verifyModal(modal, body) : null;
        if (modalResult != null && modalResult.valid()) {
            return modalResult;
        }
        // The Standard Webhooks failure says more (stale, malformed) than a bare HMAC mismatch.
        return standard != null ? standard : modalResult;
    }

    private Verification verifyModal(String header, byte[] body) {
        byte[] claimed = hmacFromHex(header.strip());
        if (claimed != null) {
            for (Key key : keys) {
                if (MessageDigest.isEqual(hmac(key.modal(), body), claimed)) {
                    return new Verification(Outcome.VALID, Scheme.MODAL_HMAC, null);
                }
            }
        }
        return new Verification(Outcome.INVALID, Scheme.MODAL_HMAC, null);
    }

    private static byte[] hmacFromHex(String value) {
        String hex = value.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())
                ? value.substring(SHA256_PREFIX.length())
                : value;
        if (hex.length() != HMAC_HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private Verification verifyStandard(String id, String timestamp, String signatures, byte[] body) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || signatures == null
                || !isUnixSeconds(timestamp)) {
            return new Verification(Outcome.MALFORMED, Scheme.STANDARD_WEBHOOKS, null);
        }
        byte[] content = signedContent(id, timestamp, body);
        List<byte[]> claimed = v1Signatures(signatures);
        boolean matched = false;
        for (Key key : keys) {
            byte[] expected = hmac(key.standard(), content);
            for (byte[] candidate : claimed) {
                matched |= MessageDigest.isEqual(expected, candidate);
            }
        }
        if (!matched) {
            return new Verification(Outcome.INVALID, Scheme.STANDARD_WEBHOOKS, null);
        }
        // Checked after the signature so STALE_TIMESTAMP always means an authentic but
        // replayed or skewed delivery, never a forgery; both are refused either way.
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > toleranceSeconds) {
            return new Verification(Outcome.STALE_TIMESTAMP, Scheme.STANDARD_WEBHOOKS, null);
        }
        return new Verification(Outcome.VALID, Scheme.STANDARD_WEBHOOKS, id);
    }

    /** Plain decimal seconds only: no sign, no fraction, short enough to never overflow. */
    private static boolean isUnixSeconds(String timestamp) {
        if (timestamp == null || timestamp.isEmpty() || timestamp.length() > 18) {
            return false;
        }
        for (int i = 0; i < timestamp.length(); i++) {
            char c = timestamp.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] signedContent(String id, String timestamp, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(id.length() + timestamp.length() + 2 + body.length);
        content.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        content.writeBytes(body);
        return content.toByteArray();
    }

    /** Entries of other versions are ignored, as the spec asks, so a sender can add schemes. */
    private static List<byte[]> v1Signatures(String header) {
        List<byte[]> signatures = new ArrayList<>();
        for (String entry : header.strip().split("\\s+")) {
            if (entry.startsWith("v1,")) {
                try {
                    signatures.add(Base64.getDecoder().decode(entry.substring(3)));
                } catch (IllegalArgumentException notBase64) {
                    // Unreadable entry: it cannot match, the others may.
                }
            }
        }
        return signatures;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
