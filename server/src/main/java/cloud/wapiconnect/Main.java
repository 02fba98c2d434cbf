package cloud.wapiconnect;

import cloud.wapiconnect.config.InvalidConfigurationException;
import cloud.wapiconnect.config.WapiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Entry point of {@code java -jar wapi-server.jar}: checks the configuration before anything starts,
 * points the transaction manager's object store into the data directory, then boots Helidon MP.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        WapiConfig config;
        try {
            config = WapiConfig.from(ConfigProvider.getConfig());
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path dataDir = config.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        // Narayana keeps its transaction log in ./ObjectStore unless told otherwise.
        String objectStore = dataDir.resolve("tx-object-store").toString();
        System.setProperty("ObjectStoreEnvironmentBean.objectStoreDir", objectStore);
        System.setProperty("com.arjuna.ats.arjuna.objectstore.objectStoreDir", objectStore);
        io.helidon.Main.main(args);
    }
}
