package cloud.wapiconnect.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signatures of a delivery, all lower-case hex HMAC-SHA256 keyed by the endpoint's secret:
 * the document's {@code signature} field over the unsigned body; {@code X-Wapi-Signature}
 * ({@code t=<unix seconds>,v1=<hmac of "t.body">}) and {@code X-Hub-Signature-256} ({@code sha256=<hmac of body>})
 * over the exact bytes sent.
 */
final class WebhookSignatures {
    private WebhookSignatures() {}

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String wapiSignature(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds + "." + body);
    }

    static String hubSignature(String secret, String body) {
        return "sha256=" + hmacHex(secret, body);
    }
}
