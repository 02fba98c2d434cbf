package cloud.wapiconnect.tenant;

import cloud.wapiconnect.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API keys: {@code wapi_} and 32 random bytes (256 bits) in URL-safe base64. Only a SHA-256 hash is
 * stored: with that much entropy a slow password hash buys nothing and would cost every request.
 */
public final class ApiKeys {
    public static final String PREFIX = "wapi_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HINT_LENGTH = PREFIX.length() + 4;

    private ApiKeys() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return Sha256.hex(key);
    }

    /** The first characters, safe to show in lists so users can tell keys apart. */
    public static String hint(String key) {
        return key.substring(0, Math.min(HINT_LENGTH, key.length()));
    }

    /** Compares secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
