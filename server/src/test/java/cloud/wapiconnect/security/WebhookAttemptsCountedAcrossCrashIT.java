package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 10: the packaged server is killed with SIGKILL while a webhook call is in flight; after the
 * restart every event arrives, and each delivery's {@code attempts} equals the number of times the receiver got
 * it (the one sent twice shows 2), because an attempt is committed before its call. The deliveries that went
 * through before the one in flight are recorded before it starts, so they are not sent again. Both passes.
 */
class WebhookAttemptsCountedAcrossCrashIT {
    private static final int COUNT = 6;
    private static final String HANGS = "m3";

    @Test
    @SuppressWarnings("unchecked")
    void attemptsTellTheTruthAfterAKillDashNineMidCall() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_attempts_crash", "attempts-crash-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "100");
        env.put("WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", "500");
        env.put(
                "WAPI_WEBHOOK_TIMEOUT_MS",
                "2000"); // a held call's lease (2 x timeout + 5 s) has run out by the restart
        var log = ServerProcess.logFile("attempts-crash-server").toPath();
        Map<String, Integer> receipts = new ConcurrentHashMap<>();
        AtomicBoolean hang = new AtomicBoolean(true);
        CountDownLatch inFlight = new CountDownLatch(1);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respond(body -> {
                String text = bodyText(body);
                receipts.merge(text, 1, Integer::sum);
                if (HANGS.equals(text) && hang.getAndSet(false)) {
                    inFlight.countDown();
                    WebhookReceiver.sleep(8_000); // the server dies meanwhile
                }
                return 200;
            });
            String key;
            try (ServerProcess first = new ServerProcess(env, log).start()) {
                Api api = new Api(first.uri());
                key = api.tenant("business").key();
                api.send(
                        "PUT",
                        "/api/settings/webhook",
                        Map.of("X-API-Key", key),
                        "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}");
                api.readySession(key, "main", "919800000811");
                for (int i = 0; i < COUNT; i++) {
                    api.post(
                            "/api/sandbox/session/main/incoming",
                            key,
                            "{\"from\":\"919876543210\",\"body\":\"m" + i + "\"}");
                }
                assertTrue(inFlight.await(20, TimeUnit.SECONDS), "the call of " + HANGS + " reached the receiver");
                first.kill();
            }
            try (ServerProcess second = new ServerProcess(env, log).start()) {
                Api api = new Api(second.uri());
                receiver.await(
                        r -> r.stream()
                                        .filter(Received::ok)
                                        .map(x -> (String) x.data().get("body"))
                                        .distinct()
                                        .count()
                                >= COUNT,
                        Duration.ofSeconds(40),
                        "every event after the restart");
                Map<Long, String> textOf = new HashMap<>();
                receiver.delivered()
                        .forEach(r -> textOf.put(r.eventId(), (String) r.data().get("body")));
                Api.await(
                        () -> api.get("/api/settings/webhook/deliveries?status=delivered&limit=100", key),
                        r -> ((Number) r.get("total")).intValue() == COUNT,
                        "every delivery recorded as delivered");
                List<Map<String, Object>> deliveries =
                        (List<Map<String, Object>>) api.get("/api/settings/webhook/deliveries?limit=100", key)
                                .get("deliveries");
                assertEquals(COUNT, deliveries.size(), deliveries.toString());
                for (Map<String, Object> d : deliveries) {
                    String text = textOf.get(((Number) d.get("eventId")).longValue());
                    assertEquals(
                            receipts.get(text),
                            ((Number) d.get("attempts")).intValue(),
                            "attempts of " + text + " = times the receiver got it: " + d);
                }
                assertEquals(2, receipts.get(HANGS), "the call cut by the kill was made again");
                for (int i = 0; i < COUNT; i++) {
                    if (!HANGS.equals("m" + i)) {
                        assertEquals(1, receipts.get("m" + i), "m" + i + " once: " + receipts);
                    }
                }
            }
        }
    }

    private static String bodyText(String payload) {
        int at = payload.indexOf("\"body\":\"");
        return at < 0 ? "" : payload.substring(at + 8, payload.indexOf('"', at + 8));
    }
}
