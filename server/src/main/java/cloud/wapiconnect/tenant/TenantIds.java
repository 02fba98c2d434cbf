package cloud.wapiconnect.tenant;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/** Tenant ids: a slug of the name and 6 hex characters, e.g. {@code my-business-a1b2c3}. */
final class TenantIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_SLUG = 40;

    private TenantIds() {}

    static String forName(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            slug = "tenant";
        }
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return slug + "-" + HexFormat.of().formatHex(suffix);
    }
}
