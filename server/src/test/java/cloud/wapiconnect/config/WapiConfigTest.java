package cloud.wapiconnect.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.ShippedConfig;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WapiConfigTest {

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
        assertEquals(java.time.Duration.ofSeconds(5), config.events().slowConsumer());
        assertEquals(
                new WapiConfig.HttpConfig(
                        java.time.Duration.ofSeconds(20),
                        java.time.Duration.ofSeconds(30),
                        1024,
                        java.time.Duration.ofSeconds(60),
                        0),
                config.http());
    }

    @ParameterizedTest
    @CsvSource({
        "WAPI_PORT, abc",
        "WAPI_PORT, 70000",
        "WAPI_ENGINE, telegram",
        "WAPI_DB_URL, jdbc:postgresql://x/db",
        "WAPI_ALLOW_PRIVATE_NETWORKS, maybe",
        "WAPI_ADMIN_KEY, short",
        "WAPI_MAX_BODY_BYTES, 10",
        "WAPI_SANDBOX_QR_MAX_CODES, 0",
        "WAPI_MASTER_KEY, tooshort",
        "WAPI_BRIDGE_WS_URL, http://x",
        "WAPI_BRIDGE_RECONNECT_MAX_MS, 10",
        "WAPI_BRIDGE_PROCESSES, 0",
        "WAPI_BRIDGE_PROCESSES, 17",
        "WAPI_BRIDGE_PROCESSES, two",
        "WAPI_EVENT_BUFFER, 0",
        "WAPI_EVENT_RETENTION_DAYS, -1",
        "WAPI_EVENT_SLOW_CONSUMER_MS, 0",
        "WAPI_EVENT_SLOW_CONSUMER_MS, 15000",
        "WAPI_HTTP_HEADER_TIMEOUT_MS, 0",
        "WAPI_HTTP_BODY_TIMEOUT_MS, x",
        "WAPI_HTTP_IDLE_TIMEOUT_MS, -1",
        "WAPI_HTTP_BODY_MIN_BYTES_PER_SECOND, -1",
        "WAPI_HTTP_MAX_CONNECTIONS, -5",
        "WAPI_LOG_FORMAT, yaml"
    })
    void invalidValuesStopStartUpNamingTheSetting(String setting, String value) {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class, () -> WapiConfig.from(config(Map.of(setting, value))));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }

    @Test
    void theWhatsappEngineOnMariadbNeedsAMasterKey() {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> WapiConfig.from(
                        config(Map.of("WAPI_ENGINE", "whatsapp", "WAPI_DB_URL", "jdbc:mariadb://db:3306/wapi"))));
        assertTrue(e.getMessage().contains("WAPI_MASTER_KEY"), e.getMessage());
        WapiConfig embedded = WapiConfig.from(config(Map.of("WAPI_ENGINE", "whatsapp")));
        assertEquals(WapiConfig.EngineKind.WHATSAPP, embedded.engine());
        assertTrue(embedded.bridge().masterKey().isEmpty(), "generated into the data directory");
    }

    @Test
    void oneBridgeProcessByDefaultAndUpToSixteen() {
        assertEquals(1, WapiConfig.from(config(Map.of())).bridge().processes());
        assertEquals(
                16,
                WapiConfig.from(config(Map.of("WAPI_BRIDGE_PROCESSES", " 16 ")))
                        .bridge()
                        .processes());
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> WapiConfig.from(config(Map.of("WAPI_BRIDGE_PROCESSES", "-1"))));
        assertEquals(
                "Invalid configuration: WAPI_BRIDGE_PROCESSES=-1 (expected a number of bridge processes from 1 to 16)",
                e.getMessage());
    }

    @Test
    void mariadbUrlIsUsedAsGiven() {
        WapiConfig config = WapiConfig.from(config(Map.of("WAPI_DB_URL", "jdbc:mariadb://db:3306/wapi")));
        assertEquals("jdbc:mariadb://db:3306/wapi", config.jdbcUrl());
    }

    @Test
    void failingBackgroundStepsRetryFromOneSecondUpToThirtyAndABulkJobGivesUpAfterEight() {
        StepRetryConfig retry = StepRetryConfig.from(config(Map.of()));
        assertEquals(new StepRetryConfig(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30), 8), retry);
        for (Map<String, String> bad : java.util.List.of(
                Map.of("WAPI_STEP_RETRY_INITIAL_MS", "0"),
                Map.of("WAPI_STEP_RETRY_MAX_MS", "500"),
                Map.of("WAPI_STEP_RETRY_ATTEMPTS", "0"),
                Map.of("WAPI_STEP_RETRY_ATTEMPTS", "many"))) {
            InvalidConfigurationException e =
                    assertThrows(InvalidConfigurationException.class, () -> StepRetryConfig.from(config(bad)));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }

    @Test
    void oneLockTimeoutOfFiveSecondsOnBothDatabasesAndMariaDbRoundsUpToWholeSeconds() {
        LockTimeoutConfig lock = LockTimeoutConfig.from(config(Map.of()));
        assertEquals(java.time.Duration.ofSeconds(5), lock.timeout());
        assertEquals("SET LOCK_TIMEOUT 5000", lock.initSql("jdbc:h2:file:/tmp/wapi"));
        assertEquals("SET SESSION innodb_lock_wait_timeout = 5", lock.initSql("jdbc:mariadb://db:3306/wapi"));
        assertEquals(
                "SET SESSION innodb_lock_wait_timeout = 1",
                LockTimeoutConfig.from(config(Map.of("WAPI_DB_LOCK_TIMEOUT_MS", "300")))
                        .initSql("jdbc:mariadb://db/wapi"));
        for (String bad : java.util.List.of("0", "99", "soon", "3600001")) {
            InvalidConfigurationException e = assertThrows(
                    InvalidConfigurationException.class,
                    () -> LockTimeoutConfig.from(config(Map.of("WAPI_DB_LOCK_TIMEOUT_MS", bad))));
            assertTrue(e.getMessage().contains("WAPI_DB_LOCK_TIMEOUT_MS"), e.getMessage());
        }
    }

    private static Config config(Map<String, String> overrides) {
        return ShippedConfig.with(overrides);
    }
}
