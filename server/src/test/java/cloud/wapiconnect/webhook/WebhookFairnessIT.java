package cloud.wapiconnect.webhook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With fewer delivery slots than busy sessions, the sessions take turns instead of waiting for each other to drain. */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT", value = "1")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "50")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", value = "100")
class WebhookFairnessIT {
    @Inject
    WebTarget target;

    @Test
    void busySessionsTakeTurnsForTheEndpointsSlots() {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        List<String> sessions = List.of("a", "b", "c");
        int perSession = 120; // more than one batch (50) per lane
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respondWith(503);
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}");
            for (String session : sessions) {
                api.readySession(key, session, "91980000090" + sessions.indexOf(session));
            }
            for (int i = 0; i < perSession; i++) {
                for (String session : sessions) {
                    api.post(
                            "/api/sandbox/session/" + session + "/incoming",
                            key,
                            "{\"from\":\"919876543210\",\"body\":\"" + i + "\"}");
                }
            }
            receiver.respondWith(200);
            receiver.await(
                    r -> r.stream().filter(Received::ok).count() >= (long) perSession * sessions.size(),
                    Duration.ofSeconds(60),
                    "every delivery");
            List<String> order = receiver.delivered().stream()
                    .map(r -> (String) r.json().get("sessionId"))
                    .toList();
            for (String session : sessions) {
                int first = order.indexOf(session);
                assertTrue(
                        first < order.size() / 2,
                        "session " + session + " first delivered at position " + first + " of " + order.size()
                                + ": it waited for the others to drain");
            }
        }
    }
}
