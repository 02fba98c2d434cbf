package cloud.wapiconnect.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.Metrics;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Label values stay bounded whatever callers pass: a scrape never grows with traffic. */
class WapiMetricsTest {
    private static final String INCOMING = "wapi.messages.incoming";

    @Test
    void labelValuesOfAnOddShapeOrBeyondTheBoundAreCountedAsOther() {
        WapiMetrics metrics = new WapiMetrics("sandbox");
        try {
            metrics.messageIncoming("text");
            metrics.messageIncoming("tenant 42 said \"hi\""); // not a label value's shape
            metrics.messageIncoming(null);
            for (int i = 0; i < 3 * WapiMetrics.MAX_VALUES_PER_LABEL; i++) {
                metrics.messageIncoming("type" + i);
            }

            Set<String> types =
                    incoming().stream().map(m -> m.id().tagsMap().get("type")).collect(Collectors.toSet());
            assertEquals(WapiMetrics.MAX_VALUES_PER_LABEL + 1, types.size(), types.toString());
            assertTrue(types.contains("text") && types.contains("other"), types.toString());
            double total =
                    incoming().stream().mapToDouble(m -> ((Counter) m).count()).sum();
            assertEquals(3 + 3 * WapiMetrics.MAX_VALUES_PER_LABEL, total);
        } finally {
            metrics.close();
        }
        assertEquals(0, incoming().size(), "close() removes the meters it made");
    }

    private static java.util.List<Meter> incoming() {
        return Metrics.globalRegistry().meters().stream()
                .filter(m -> m.id().name().equals(INCOMING))
                .toList();
    }
}
