package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.config.WapiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The key that encrypts auth state at rest: {@code WAPI_MASTER_KEY}, or (embedded database only; the
 * configuration refuses MariaDB without one) a key generated once into the data directory. Losing it
 * loses every linked session: back it up with the database.
 */
final class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
    static final String FILE = "master-key";

    private MasterKey() {
    }

    static byte[] resolve(WapiConfig config) {
        return config.bridge().masterKey().orElseGet(() -> fromDataDir(config.dataDir()));
    }

    private static byte[] fromDataDir(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
                if (key.length != 32) {
                    throw new IllegalStateException(file + " does not hold a 32-byte key");
                }
                return key;
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply.
            }
            LOG.warning(() -> "Generated the auth-state master key into " + file.toAbsolutePath()
                    + ": back it up with the database, or set WAPI_MASTER_KEY");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
