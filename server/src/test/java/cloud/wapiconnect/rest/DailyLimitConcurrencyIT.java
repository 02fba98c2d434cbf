package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The daily limit holds under concurrent sends: never a message more than the plan allows. */
@HelidonTest
class DailyLimitConcurrencyIT {
    @Inject
    WebTarget target;

    @Test
    void fiftyConcurrentSendsAgainstALimitOfTwentyGiveExactlyTwentySuccesses() throws Exception {
        Api api = new Api(target.getUri());
        String key = api.tenantOnPlan("limit-20", 2, 20).key();
        api.readySession(key, "a", "919800000010");
        api.readySession(key, "b", "919800000011");

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                String session = i % 2 == 0 ? "a" : "b";
                String body = "{\"to\":\"9198765432" + String.format("%02d", i) + "\",\"message\":\"race " + i + "\"}";
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/whatsapp/session/" + session + "/send", key, body);
                }));
            }
            start.countDown();
        }
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> f : results) {
            responses.add(f.get());
        }
        Map<Integer, Long> byStatus =
                responses.stream().collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
        assertEquals(Map.of(200, 20L, 429, 30L), byStatus, responses.toString());
        responses.stream()
                .filter(r -> r.status() == 429)
                .forEach(r -> assertEquals(
                        "{\"error\":\"Daily sent message limit reached\",\"code\":\"SENT_LIMIT_EXCEEDED\",\"limit\":20,\"used\":20"
                                + ",\"requestId\":\"" + r.headers().get("x-request-id") + "\"}",
                        r.body()));
        Map<String, Object> usage = api.get("/api/usage", key).json();
        assertEquals(20, ((Number) usage.get("used")).intValue());
        assertEquals(
                20, ((Number) api.get("/api/whatsapp/messages?limit=100", key).get("total")).intValue());
        int delivered = ((List<?>) api.get("/api/sandbox/session/a/delivered", key)
                                .json()
                                .get("messages"))
                        .size()
                + ((List<?>) api.get("/api/sandbox/session/b/delivered", key)
                                .json()
                                .get("messages"))
                        .size();
        assertEquals(20, delivered, "the simulated network received exactly the accepted messages");
    }
}
