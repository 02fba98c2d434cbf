package cloud.wapiconnect;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.InvalidConfigurationException;
import cloud.wapiconnect.config.WapiConfig;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Entry point of {@code java -jar wapi-server.jar}: checks the configuration before anything starts,
 * then boots Helidon MP.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        WapiConfig config;
        try {
            config = WapiConfig.from(ConfigProvider.getConfig());
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        DataDirectory.prepare(config.dataDir().toAbsolutePath());
        io.helidon.Main.main(args);
    }
}
