package cloud.wapiconnect.crypto;

import cloud.wapiconnect.config.WapiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Seals short secrets (webhook signing secrets) for a database column, under the master key: text in, base64
 * of an {@link Aead} value out. The key is resolved at first use, so a server that stores no secret never
 * generates a key file.
 */
@ApplicationScoped
public class SecretsAtRest {
    private final WapiConfig config;
    private volatile Aead aead;

    @Inject
    public SecretsAtRest(WapiConfig config) {
        this.config = config;
    }

    /** @param place what the value is and where it lives (for example the row's id), bound to it as associated data */
    public String seal(String plain, String place) {
        return Base64.getEncoder().encodeToString(aead().seal(plain.getBytes(StandardCharsets.UTF_8), bytes(place)));
    }

    /** @throws IllegalStateException when it does not open: a wrong WAPI_MASTER_KEY, or a value moved or tampered with */
    public String open(String sealed, String place) {
        try {
            return new String(aead().open(Base64.getDecoder().decode(sealed), bytes(place)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "The stored secret of " + place
                            + " does not decrypt: wrong WAPI_MASTER_KEY, or the value was tampered with",
                    e);
        }
    }

    private static byte[] bytes(String place) {
        return place.getBytes(StandardCharsets.UTF_8);
    }

    private Aead aead() {
        Aead a = aead;
        if (a == null) {
            synchronized (this) {
                if (aead == null) {
                    aead = new Aead(MasterKey.resolve(config));
                }
                a = aead;
            }
        }
        return a;
    }
}
