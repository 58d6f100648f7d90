package io.meshwatch.webhook.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries the way senders do, independently of
 * {@link SignatureVerifier}, for unit and integration tests.
 */
public final class WebhookSigner {

    private WebhookSigner() {
    }

    /** {@code X-Modal-Signature} value: {@code sha256=} and the lower-case hex HMAC-SHA256 of the body. */
    public static String modalSignature(String secret, byte[] body) {
        return "sha256=" + modalHex(secret, body);
    }

    /** The bare lower-case hex HMAC-SHA256 of the body under the secret's UTF-8 bytes. */
    public static String modalHex(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** One {@code v1,<base64>} entry of {@code webhook-signature}. */
    public static String standardSignature(String secret, String id, String timestamp, byte[] body) {
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, content, 0, prefix.length);
        System.arraycopy(body, 0, content, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), content));
    }

    /** The three Standard Webhooks headers of a delivery. */
    public static Map<String, String> standardHeaders(String secret, String id, long timestamp, byte[] body) {
        String seconds = Long.toString(timestamp);
        return Map.of("webhook-id", id,
                "webhook-timestamp", seconds,
                "webhook-signature", standardSignature(secret, id, seconds, body));
    }

    private static byte[] standardKey(String secret) {
        return secret.startsWith("whsec_")
                ? Base64.getDecoder().decode(secret.substring("whsec_".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
