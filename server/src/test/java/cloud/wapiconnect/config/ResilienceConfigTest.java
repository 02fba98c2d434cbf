package cloud.wapiconnect.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.ResilienceConfig.BreakerPolicy;
import cloud.wapiconnect.config.ResilienceConfig.RestartPolicy;
import cloud.wapiconnect.config.ResilienceConfig.RetryPolicy;
import cloud.wapiconnect.util.ShippedConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResilienceConfigTest {
    /** The values the call sites hard-coded before the policies moved into configuration. */
    @Test
    void theDefaultsAreTheThresholdsTheCallSitesHadBuiltIn() {
        ResilienceConfig config = ResilienceConfig.from(ShippedConfig.with(Map.of()));
        // 5 s first webhook retry x 4.
        assertEquals(new BreakerPolicy(20, 10, 50, Duration.ofSeconds(20), 1), config.webhook());
        assertEquals(new RetryPolicy(3, Duration.ofMillis(200)), config.mediaFetch());
        assertEquals(new RestartPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(30)), config.bridgeRestart());
    }

    @Test
    void theWebhookBreakerPauseFollowsTheRetrySettingsUnlessItIsSet() {
        assertEquals(
                Duration.ofMillis(200),
                ResilienceConfig.from(ShippedConfig.with(Map.of("WAPI_WEBHOOK_RETRY_INITIAL_MS", "50")))
                        .webhook()
                        .openFor());
        assertEquals(
                Duration.ofSeconds(60),
                ResilienceConfig.from(ShippedConfig.with(Map.of("WAPI_WEBHOOK_RETRY_INITIAL_MS", "3600000")))
                        .webhook()
                        .openFor(),
                "at most a minute");
        assertEquals(
                Duration.ofMillis(1234),
                ResilienceConfig.from(ShippedConfig.with(
                                Map.of("WAPI_WEBHOOK_RETRY_INITIAL_MS", "50", "WAPI_WEBHOOK_BREAKER_OPEN_MS", "1234")))
                        .webhook()
                        .openFor());
    }

    @ParameterizedTest
    @CsvSource({
        "WAPI_WEBHOOK_BREAKER_WINDOW, 0", "WAPI_WEBHOOK_BREAKER_MIN_CALLS, x", "WAPI_WEBHOOK_BREAKER_FAILURE_RATE, 101",
        "WAPI_WEBHOOK_BREAKER_FAILURE_RATE, 0", "WAPI_WEBHOOK_BREAKER_OPEN_MS, -1",
                "WAPI_WEBHOOK_BREAKER_HALF_OPEN_CALLS, 0",
        "WAPI_MEDIA_FETCH_ATTEMPTS, 0", "WAPI_MEDIA_FETCH_ATTEMPTS, 11", "WAPI_MEDIA_FETCH_RETRY_INITIAL_MS, 0",
        "WAPI_BRIDGE_MISSED_PINGS, 0", "WAPI_BRIDGE_RESTART_INITIAL_MS, x", "WAPI_BRIDGE_RESTART_MAX_MS, 100"
    })
    void invalidValuesStopStartUpNamingTheSetting(String setting, String value) {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> ResilienceConfig.from(ShippedConfig.with(Map.of(setting, value))));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
