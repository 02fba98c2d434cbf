package cloud.wapiconnect.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.config.mp.MpConfigSources;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class WapiConfigTest {
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("WAPI_PORT", "8080"), Map.entry("WAPI_DATA_DIR", "./data"), Map.entry("WAPI_ENGINE", "sandbox"),
            Map.entry("WAPI_ALLOW_PRIVATE_NETWORKS", "false"), Map.entry("WAPI_MAX_BODY_BYTES", "1048576"),
            Map.entry("WAPI_BULK_MAX_RECIPIENTS", "100000"), Map.entry("WAPI_MEDIA_MAX_IMAGE_BYTES", "16777216"),
            Map.entry("WAPI_MEDIA_MAX_VIDEO_BYTES", "67108864"), Map.entry("WAPI_MEDIA_MAX_AUDIO_BYTES", "16777216"),
            Map.entry("WAPI_MEDIA_MAX_DOCUMENT_BYTES", "104857600"), Map.entry("WAPI_MEDIA_CONNECT_TIMEOUT_MS", "5000"),
            Map.entry("WAPI_MEDIA_FETCH_TIMEOUT_MS", "30000"), Map.entry("WAPI_SANDBOX_QR_INTERVAL_MS", "20000"),
            Map.entry("WAPI_SANDBOX_QR_MAX_CODES", "5"), Map.entry("WAPI_SANDBOX_RECONNECT_DELAY_MS", "2000"),
            Map.entry("WAPI_SANDBOX_ACK_DELAY_MS", "200"), Map.entry("WAPI_EVENT_RETENTION_DAYS", "7"),
            Map.entry("WAPI_EVENT_HEARTBEAT_MS", "15000"), Map.entry("WAPI_EVENT_BUFFER", "1000"),
            Map.entry("WAPI_EVENT_GAP_GRACE_MS", "3000"), Map.entry("WAPI_EVENT_POLL_MS", "500"));

    @Test
    void defaultsGiveTheEmbeddedSandboxSetup() {
        WapiConfig config = WapiConfig.from(config(Map.of()));
        assertEquals(8080, config.port());
        assertTrue(config.embeddedDatabase());
        assertTrue(config.jdbcUrl().startsWith("jdbc:h2:file:"), config.jdbcUrl());
        assertEquals(WapiConfig.EngineKind.SANDBOX, config.engine());
        assertTrue(config.adminKey().isEmpty());
        assertEquals(java.time.Duration.ofDays(7), config.events().retention());
        assertEquals(java.time.Duration.ofSeconds(15), config.events().heartbeat());
        assertEquals(1000, config.events().bufferSize());
    }

    @ParameterizedTest
    @CsvSource({
            "WAPI_PORT, abc", "WAPI_PORT, 70000", "WAPI_ENGINE, telegram", "WAPI_DB_URL, jdbc:postgresql://x/db",
            "WAPI_ALLOW_PRIVATE_NETWORKS, maybe", "WAPI_ADMIN_KEY, short", "WAPI_MAX_BODY_BYTES, 10",
            "WAPI_SANDBOX_QR_MAX_CODES, 0", "WAPI_EVENT_BUFFER, 0", "WAPI_EVENT_RETENTION_DAYS, -1"})
    void invalidValuesStopStartUpNamingTheSetting(String setting, String value) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> WapiConfig.from(config(Map.of(setting, value))));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void mariadbUrlIsUsedAsGiven() {
        WapiConfig config = WapiConfig.from(config(Map.of("WAPI_DB_URL", "jdbc:mariadb://db:3306/wapi")));
        assertEquals("jdbc:mariadb://db:3306/wapi", config.jdbcUrl());
    }

    private static Config config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(DEFAULTS);
        values.putAll(overrides);
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(values))
                .build();
    }
}
