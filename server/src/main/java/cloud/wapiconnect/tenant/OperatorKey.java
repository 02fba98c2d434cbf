package cloud.wapiconnect.tenant;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's admin key: {@code WAPI_ADMIN_KEY}, or when unset one generated once into
 * {@code <data dir>/admin.key} so that it survives restarts.
 */
@ApplicationScoped
public class OperatorKey {
    private final String key;
    private final boolean generated;

    @Inject
    public OperatorKey(WapiConfig config) {
        if (config.adminKey().isPresent()) {
            this.key = config.adminKey().get();
            this.generated = false;
        } else {
            this.key = loadOrGenerate(config.dataDir().resolve("admin.key"));
            this.generated = true;
        }
    }

    /** @throws WapiException {@code UNAUTHORIZED} */
    public void authenticate(String presented) {
        if (presented == null || !ApiKeys.constantTimeEquals(presented.trim(), key)) {
            throw new WapiException(ErrorCode.UNAUTHORIZED, "Missing or invalid admin key (X-Admin-Key)");
        }
    }

    /** The key, when it was generated here (an operator-supplied key is never printed). */
    public String generatedKey() {
        return generated ? key : null;
    }

    private static String loadOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String key = "wapi_admin_" + ApiKeys.generate().substring(ApiKeys.PREFIX.length());
            DataDirectory.writePrivate(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }
}
