package cloud.wapiconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.InvalidConfigurationException;
import cloud.wapiconnect.util.ShippedConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterConfigTest {
    @Test
    void aNodeAloneNeedsNothingSet() {
        ClusterConfig a = ClusterConfig.from(ShippedConfig.with(Map.of("WAPI_PORT", "9090")));
        ClusterConfig b = ClusterConfig.from(ShippedConfig.with(Map.of("WAPI_PORT", "9090")));
        assertEquals("127.0.0.1:9090", a.nodeAddress());
        assertEquals(Duration.ofSeconds(10), a.lease());
        assertEquals(Optional.empty(), a.secret());
        assertTrue(a.nodeId().matches(".+-[0-9a-f]{6}"), a.nodeId());
        assertNotEquals(a.nodeId(), b.nodeId(), "two processes on one host are two nodes");
    }

    @Test
    void explicitSettingsAreTaken() {
        ClusterConfig config = ClusterConfig.from(ShippedConfig.with(Map.of(
                "WAPI_NODE_ID", "node-a",
                "WAPI_NODE_ADDRESS", "10.0.0.5:8080",
                "WAPI_CLUSTER_LEASE_MS", "3000",
                "WAPI_CLUSTER_SECRET", "s".repeat(32))));
        assertEquals(
                new ClusterConfig("node-a", "10.0.0.5:8080", Duration.ofSeconds(3), Optional.of("s".repeat(32))),
                config);
    }

    @ParameterizedTest
    @CsvSource({
        "WAPI_NODE_ID, -a",
        "WAPI_NODE_ID, a b",
        "WAPI_NODE_ADDRESS, 10.0.0.5",
        "WAPI_NODE_ADDRESS, 10.0.0.5:99999",
        "WAPI_NODE_ADDRESS, http://10.0.0.5:80",
        "WAPI_CLUSTER_LEASE_MS, 999",
        "WAPI_CLUSTER_LEASE_MS, x",
        "WAPI_CLUSTER_SECRET, tooshort"
    })
    void invalidValuesStopStartUpNamingTheSetting(String setting, String value) {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> ClusterConfig.from(ShippedConfig.with(Map.of(setting, value))));
        assertTrue(e.getMessage().contains(setting), e.getMessage());
        if (setting.equals("WAPI_CLUSTER_SECRET")) {
            assertTrue(!e.getMessage().contains(value), "the secret is not logged");
        }
    }
}
