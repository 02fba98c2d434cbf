package cloud.wapiconnect.account;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable tokens (256 bits, base64url): link tokens, login cookies, CSRF tokens. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
