package cloud.wapiconnect.crypto;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.WapiConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The key that encrypts secrets at rest (the WhatsApp auth state, webhook signing secrets):
 * {@code WAPI_MASTER_KEY}, or else a key generated once into the data directory. Losing it loses every
 * linked session and every webhook secret: back it up with the database. Several nodes on one MariaDB
 * must share it, so set {@code WAPI_MASTER_KEY} there (the configuration requires it for the WhatsApp engine).
 */
public final class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
    public static final String FILE = "master-key";

    private MasterKey() {}

    /** Synchronized: two first users at once must not generate two keys. */
    public static synchronized byte[] resolve(WapiConfig config) {
        return config.bridge().masterKey().orElseGet(() -> fromDataDir(config.dataDir()));
    }

    private static byte[] fromDataDir(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            if (!DataDirectory.createPrivate(file, Base64.getEncoder().encodeToString(key) + "\n")) {
                return read(file); // another process starting on the same data directory was first: its key
            }
            LOG.warning(() -> "Generated the master key (it encrypts the auth state and webhook secrets) into "
                    + file.toAbsolutePath() + ": back it up with the database, or set WAPI_MASTER_KEY");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        byte[] key = Base64.getDecoder()
                .decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        if (key.length != 32) {
            throw new IllegalStateException(file + " does not hold a 32-byte key");
        }
        return key;
    }
}
