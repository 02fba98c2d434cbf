package cloud.wapiconnect.util;

import io.helidon.config.mp.MpConfigSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/** The server's shipped defaults ({@code META-INF/microprofile-config.properties}) as a config, with overrides. */
public final class ShippedConfig {
    private static final Map<String, String> DEFAULTS = load();

    private ShippedConfig() {}

    /** The shipped {@code WAPI_*} defaults with {@code overrides} on top, as the server would read them. */
    public static Config with(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.putAll(overrides);
        return ConfigProviderResolver.instance()
                .getBuilder()
                .withSources(MpConfigSources.create(values))
                .build();
    }

    private static Map<String, String> load() {
        Properties properties = new Properties();
        try (InputStream in = ShippedConfig.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> defaults = new HashMap<>();
        properties.stringPropertyNames().stream()
                .filter(name -> name.startsWith("WAPI_"))
                .forEach(name -> defaults.put(name, properties.getProperty(name)));
        return defaults;
    }
}
