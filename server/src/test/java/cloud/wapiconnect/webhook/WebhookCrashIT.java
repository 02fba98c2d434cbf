package cloud.wapiconnect.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kills the packaged server with SIGKILL while deliveries wait for a receiver that is down. */
class WebhookCrashIT {
    @Test
    void deliveriesPendingAtAKillDashNineGoOutAfterTheRestart() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_webhook_crash", "webhook-crash-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "100");
        env.put("WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", "500");
        env.put("WAPI_WEBHOOK_TIMEOUT_MS", "1000");
        Path log = ServerProcess.logFile("webhook-crash-server").toPath();
        int count = 20;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respondWith(503);
            String key;
            try (ServerProcess first = new ServerProcess(env, log).start()) {
                Api api = new Api(first.uri());
                key = api.tenant("business").key();
                api.send(
                        "PUT",
                        "/api/settings/webhook",
                        Map.of("X-API-Key", key),
                        "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}");
                api.readySession(key, "main", "919800000801");
                for (int i = 0; i < count; i++) {
                    api.post(
                            "/api/sandbox/session/main/incoming",
                            key,
                            "{\"from\":\"919876543210\",\"body\":\"m" + i + "\"}");
                }
                receiver.await(r -> r.size() >= 3, Duration.ofSeconds(10), "attempts before the crash");
                first.kill();
            }
            receiver.respondWith(200);
            try (ServerProcess second = new ServerProcess(env, log).start()) {
                receiver.await(
                        r -> r.stream().filter(Received::ok).count() >= count,
                        Duration.ofSeconds(40),
                        "every delivery after the restart");
                List<String> bodies = receiver.delivered().stream()
                        .map(r -> (String) r.data().get("body"))
                        .toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    expected.add("m" + i);
                }
                assertEquals(expected, bodies, "all of them, once each, in order");
                Api api = new Api(second.uri());
                assertEquals(
                        count,
                        ((Number) api.get("/api/settings/webhook/deliveries?status=delivered", key)
                                        .get("total"))
                                .intValue());
            }
        }
    }
}
