package cloud.wapiconnect.webhook;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Webhooks end to end: real receivers over HTTP, real MariaDB, the sandbox phone producing the events. */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", value = "2000")
@AddConfig(key = "WAPI_WEBHOOK_TIMEOUT_MS", value = "1000")
class WebhookIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String SECRET = "whsec_test_0123456789";

    @Inject
    WebTarget target;

    private Api api() {
        return new Api(target.getUri());
    }

    private static String hookBody(String url, String extra) {
        return "{\"url\":\"" + url + "\"" + extra + "}";
    }

    @Test
    void settingsAreSavedWithoutEverShowingTheSecret() {
        Api api = api();
        String key = api.tenant("business").key();
        Map<String, Object> empty = api.get("/api/settings/webhook", key).json();
        assertNull(empty.get("url"));
        assertEquals(false, empty.get("secretSet"));
        assertEquals(
                List.of(
                        "qr",
                        "authenticated",
                        "ready",
                        "disconnected",
                        "message",
                        "message_status",
                        "bulk_job",
                        "message_edited",
                        "message_revoked",
                        "poll_vote",
                        "session_limits",
                        "test",
                        "group_join",
                        "group_leave",
                        "group_participants",
                        "group_update"),
                empty.get("events"));
        assertError(api.post("/api/settings/webhook/test", key, null), 404, "WEBHOOK_NOT_FOUND");

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response saved = api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    hookBody(receiver.url(), ",\"secret\":\"" + SECRET + "\",\"events\":[\"message\",\"ready\"]"));
            assertEquals(200, saved.status(), saved.toString());
            assertFalse(saved.body().contains(SECRET));
            Map<String, Object> got = api.get("/api/settings/webhook", key).json();
            assertEquals(receiver.url(), got.get("url"));
            assertEquals(true, got.get("secretSet"));
            assertEquals(List.of("message", "ready"), got.get("events"));
            assertFalse(api.get("/api/settings/webhook", key).body().contains(SECRET));

            // Saving without a secret keeps it; "" removes it.
            api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), hookBody(receiver.url(), ""));
            assertEquals(true, api.get("/api/settings/webhook", key).get("secretSet"));
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    hookBody(receiver.url(), ",\"secret\":\"\""));
            assertEquals(false, api.get("/api/settings/webhook", key).get("secretSet"));

            for (String bad : List.of("ftp://example.com/x", "not a url", "/relative", "javascript:alert(1)")) {
                assertError(
                        api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), hookBody(bad, "")),
                        400,
                        "INVALID_WEBHOOK_URL");
            }
            assertError(
                    api.send(
                            "PUT",
                            "/api/settings/webhook",
                            Map.of("X-API-Key", key),
                            hookBody(receiver.url(), ",\"events\":[\"nope\"]")),
                    400,
                    "INVALID_REQUEST");
            assertError(
                    api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{\"url\":42}"),
                    400,
                    "INVALID_REQUEST");
            assertError(
                    api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), "{"), 400, "INVALID_REQUEST");

            assertEquals(200, api.delete("/api/settings/webhook", key).status());
            assertNull(api.get("/api/settings/webhook", key).get("url"));
            assertError(api.delete("/api/settings/webhook", key), 404, "WEBHOOK_NOT_FOUND");
        }
    }

    @Test
    void everyEventTypeArrivesInTheDocumentsShapeWithBothSignatures() throws Exception {
        Api api = api();
        Api.TestTenant tenant = api.tenant("business");
        String key = tenant.key();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    hookBody(receiver.url(), ",\"secret\":\"" + SECRET + "\""));
            api.readySession(key, "main", "919800000501");
            api.post(
                    "/api/sandbox/session/main/incoming",
                    key,
                    "{\"from\":\"919876543210\",\"body\":\"Hello! I need help\"}");
            String messageId = (String)
                    api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543210\",\"message\":\"Hi\"}")
                            .get("messageId");
            api.post(
                    "/api/whatsapp/session/main/send-bulk",
                    key,
                    "{\"recipients\":[\"919876543211\"],\"message\":\"bulk\"}");
            long testId =
                    ((Number) api.post("/api/settings/webhook/test", key, null).get("eventId")).longValue();
            receiver.await(
                    r -> events(r)
                                    .containsAll(Set.of(
                                            "qr",
                                            "authenticated",
                                            "ready",
                                            "message",
                                            "message_status",
                                            "bulk_job",
                                            "test"))
                            && statuses(r, messageId).contains("read"),
                    WAIT,
                    "every event type");
            api.post("/api/whatsapp/session/main/disconnect", key, null);
            List<Received> all = receiver.await(r -> events(r).contains("disconnected"), WAIT, "disconnected");

            for (Received r : all) {
                Map<String, Object> payload = r.json();
                assertEquals(
                        List.of("tenantId", "event", "sessionId", "timestamp", "data", "signature"),
                        new ArrayList<>(payload.keySet()),
                        "field order of " + r.body());
                assertEquals(tenant.id(), payload.get("tenantId"));
                assertEquals(r.event(), payload.get("event"));
                assertTrue(payload.get("timestamp") instanceof Number);
                assertFalse(r.body().contains(": ") || r.body().contains(", "), "compact JSON: " + r.body());
                assertSignatures(r, SECRET);
                assertEquals("application/json", r.headers().get("content-type"));
            }
            Map<String, Object> qr = first(all, "qr").data();
            assertTrue(((String) qr.get("qrCode")).startsWith("data:image/png;base64,"));
            assertEquals(List.of("qrCode", "qr"), new ArrayList<>(qr.keySet()));
            assertEquals("919800000501", first(all, "ready").data().get("phoneNumber"));
            Map<String, Object> message = first(all, "message").data();
            assertEquals("919876543210@s.whatsapp.net", message.get("from"));
            assertEquals("Hello! I need help", message.get("body"));
            assertEquals("text", message.get("type"));
            assertEquals(false, message.get("isGroup"));
            assertEquals(false, message.get("hasMedia"));
            assertNotNull(message.get("id"));
            assertEquals(
                    List.of("id", "from", "body", "type", "isGroup", "hasMedia"),
                    new ArrayList<>(message.keySet()).subList(0, 6));
            assertEquals(Set.of("sent", "delivered", "read"), statuses(all, messageId));
            assertNotNull(first(all, "bulk_job").data().get("jobId"));
            Received test = first(all, "test");
            assertEquals(testId, test.eventId());
            assertNull(test.json().get("sessionId"));
            assertTrue(((String) test.data().get("message")).contains("test"));
            assertNotNull(first(all, "disconnected").data().get("reason"));
            assertEquals("main", first(all, "disconnected").json().get("sessionId"));
        }
    }

    @Test
    void theDocumentsNodeVerificationAcceptsEveryPayload() throws Exception {
        Api api = api();
        String key = api.tenant("business").key();
        List<String> bodies = List.of(
                "Olá, ação! ¿Qué tal? Ünïcödé",
                "emoji 😀👍🏽 and 𝄞",
                "مرحبا بالعالم שלום",
                "quotes \"double\" 'single'",
                "back\\slash \\n not a newline",
                "line1\nline2\r\nline3",
                "tab\there",
                "</script><script>alert(1)</script>",
                "control \u0001\u001f\u007f and \u2028\u2029",
                "slash / and \\/");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    hookBody(receiver.url(), ",\"secret\":\"" + SECRET + "\",\"events\":[\"message\"]"));
            api.readySession(key, "main", "919800000502");
            for (String body : bodies) {
                api.post(
                        "/api/sandbox/session/main/incoming",
                        key,
                        Json.write(Map.of("from", "919876543210", "body", body)));
            }
            List<Received> received = receiver.await(r -> r.size() >= bodies.size(), WAIT, "every message");
            assertEquals(
                    bodies,
                    received.stream().map(r -> (String) r.data().get("body")).toList());

            Process node = new ProcessBuilder("node", "../src/e2e/verify-webhook.js")
                    .redirectErrorStream(true)
                    .start();
            StringBuilder input = new StringBuilder();
            for (Received r : received) {
                input.append(Json.write(Map.of("secret", SECRET, "body", r.body())))
                        .append('\n');
            }
            node.getOutputStream().write(input.toString().getBytes(StandardCharsets.UTF_8));
            node.getOutputStream().close();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, node.waitFor());
            assertEquals("ok\n".repeat(bodies.size()), output);
        }
    }

    @Test
    void aReceiverThatIsDownGetsEverythingLaterInOrderPerSession() {
        Api api = api();
        String key = api.tenant("business").key();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respondWith(503);
            api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", key),
                    hookBody(receiver.url(), ",\"events\":[\"message\"]"));
            api.readySession(key, "a", "919800000503");
            api.readySession(key, "b", "919800000504");
            int perSession = 15;
            for (int i = 0; i < perSession; i++) {
                for (String session : List.of("a", "b")) {
                    api.post(
                            "/api/sandbox/session/" + session + "/incoming",
                            key,
                            "{\"from\":\"91987654321" + (i % 10) + "\",\"body\":\"" + session + "-" + i + "\"}");
                }
            }
            receiver.await(r -> r.size() >= 6, WAIT, "some failed attempts");
            receiver.respondWith(200);
            List<Received> delivered = receiver
                    .await(
                            r -> r.stream().filter(Received::ok).count() >= 2L * perSession,
                            WAIT,
                            "every message once the receiver is back")
                    .stream()
                    .filter(Received::ok)
                    .toList();
            WebhookReceiver.sleep(300);
            delivered = receiver.delivered();
            assertEquals(2 * perSession, delivered.size(), "each event acknowledged exactly once");
            assertEquals(
                    2L * perSession,
                    delivered.stream().map(Received::eventId).distinct().count());
            for (String session : List.of("a", "b")) {
                List<String> bodies = delivered.stream()
                        .filter(r -> session.equals(r.json().get("sessionId")))
                        .map(r -> (String) r.data().get("body"))
                        .toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perSession; i++) {
                    expected.add(session + "-" + i);
                }
                assertEquals(expected, bodies, "session " + session + " in event order");
            }
            // Every attempt, failed or not, went out in order within its session.
            for (String session : List.of("a", "b")) {
                List<Long> attempts = receiver.received().stream()
                        .filter(r -> session.equals(r.json().get("sessionId")))
                        .map(Received::eventId)
                        .toList();
                for (int i = 1; i < attempts.size(); i++) {
                    assertTrue(
                            attempts.get(i) >= attempts.get(i - 1),
                            "no later event overtakes an earlier one: " + attempts);
                }
            }
        }
    }

    @Test
    void failuresAndTimeoutsAreRetriedWithGrowingGapsAndLogged() {
        Api api = api();
        String key = api.tenant("business").key();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respondWith(500);
            api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), hookBody(receiver.url(), ""));
            long eventId =
                    ((Number) api.post("/api/settings/webhook/test", key, null).get("eventId")).longValue();
            List<Received> attempts = receiver.await(r -> r.size() >= 5, WAIT, "five attempts");
            assertTrue(attempts.stream().allMatch(r -> r.eventId() == eventId));
            long gap1 = attempts.get(1).atNanos() - attempts.get(0).atNanos();
            long gap3 = attempts.get(3).atNanos() - attempts.get(2).atNanos();
            long gap4 = attempts.get(4).atNanos() - attempts.get(3).atNanos();
            assertTrue(
                    gap3 > gap1 && gap4 > gap1,
                    "backoff grows: " + gap1 / 1_000_000 + " ms, then " + gap3 / 1_000_000 + " ms and "
                            + gap4 / 1_000_000 + " ms");

            Map<String, Object> logged = delivery(api, key, eventId);
            assertEquals("pending", logged.get("status"));
            assertEquals(500, logged.get("lastHttpStatus"));
            assertEquals("HTTP 500", logged.get("lastError"));
            assertTrue(((Number) logged.get("attempts")).intValue() >= 4);
            assertNotNull(logged.get("nextAttemptAt"));

            // Now it hangs past the 1 s timeout: recorded as a timeout, then delivered once it answers.
            receiver.respond(body -> {
                WebhookReceiver.sleep(1500);
                return 200;
            });
            Api.await(
                    () -> api.get("/api/settings/webhook/deliveries", key),
                    r -> String.valueOf(delivery(api, key, eventId).get("lastError"))
                            .contains("timed out"),
                    "a timeout");
            receiver.respondWith(204);
            Api.await(
                    () -> api.get("/api/settings/webhook/deliveries", key),
                    r -> "delivered".equals(delivery(api, key, eventId).get("status")),
                    "the delivery to succeed");
            Map<String, Object> done = delivery(api, key, eventId);
            assertEquals(204, done.get("lastHttpStatus"));
            assertNull(done.get("lastError"));
            assertNotNull(done.get("deliveredAt"));
            assertNull(done.get("nextAttemptAt"));
        }
    }

    @Test
    void goneDisablesTheWebhookUntilItIsSavedAgain() {
        Api api = api();
        String key = api.tenant("business").key();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.respondWith(410);
            api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), hookBody(receiver.url(), ""));
            long first =
                    ((Number) api.post("/api/settings/webhook/test", key, null).get("eventId")).longValue();
            Api.await(
                    () -> api.get("/api/settings/webhook", key),
                    r -> Boolean.FALSE.equals(r.get("enabled")),
                    "disabled");
            assertEquals("dead", delivery(api, key, first).get("status"));
            assertError(api.post("/api/settings/webhook/test", key, null), 409, "WEBHOOK_DISABLED");
            api.readySession(key, "main", "919800000505");
            WebhookReceiver.sleep(500);
            assertEquals(1, receiver.received().size(), "nothing is sent to a disabled webhook");

            receiver.respondWith(200);
            api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), hookBody(receiver.url(), ""));
            assertEquals(true, api.get("/api/settings/webhook", key).get("enabled"));
            long second =
                    ((Number) api.post("/api/settings/webhook/test", key, null).get("eventId")).longValue();
            receiver.await(
                    r -> r.stream().anyMatch(x -> x.eventId() == second && x.ok()),
                    WAIT,
                    "delivery after saving again");
        }
    }

    @Test
    void aHangingEndpointOfOneTenantDoesNotDelayAnother() {
        Api api = api();
        String slowKey = api.tenant("business").key();
        String fastKey = api.tenant("business").key();
        try (WebhookReceiver hanging = new WebhookReceiver();
                WebhookReceiver fast = new WebhookReceiver()) {
            hanging.respond(body -> {
                WebhookReceiver.sleep(5000);
                return 200;
            });
            api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", slowKey), hookBody(hanging.url(), ""));
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", fastKey),
                                    hookBody(fast.url(), ",\"events\":[\"test\",\"message\"]"))
                            .status());
            for (int i = 0; i < 8; i++) {
                api.readySession(slowKey, "s" + i, "91980000060" + i);
            }
            hanging.await(r -> r.size() >= 4, WAIT, "the hanging endpoint to be busy");
            api.readySession(fastKey, "main", "919800000610");
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                Api.Response incoming = api.post(
                        "/api/sandbox/session/main/incoming",
                        fastKey,
                        "{\"from\":\"919876543210\",\"body\":\"m" + i + "\"}");
                assertEquals(200, incoming.status(), incoming.toString());
                int expected = i + 1;
                try {
                    fast.await(r -> r.size() >= expected, WAIT, "message " + i);
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "; log: " + api.get("/api/settings/webhook/deliveries", fastKey)
                                    + "; webhook: " + api.get("/api/settings/webhook", fastKey),
                            e);
                }
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMs < 500, "tenant B's message " + i + " took " + tookMs + " ms");
            }
        }
    }

    @Test
    void severalEndpointsWithFiltersTheDeliveryLogAndRedelivery() {
        Api api = api();
        String key = api.tenant("business").key();
        try (WebhookReceiver onlyS1 = new WebhookReceiver();
                WebhookReceiver everything = new WebhookReceiver()) {
            Api.Response created = api.post(
                    "/api/settings/webhooks",
                    key,
                    hookBody(onlyS1.url(), ",\"events\":[\"message\"],\"sessions\":[\"s1\"]"));
            assertEquals(201, created.status(), created.toString());
            String filteredId = (String) created.get("id");
            assertEquals(
                    201,
                    api.post("/api/settings/webhooks", key, hookBody(everything.url(), ""))
                            .status());
            assertEquals(2, ((List<?>) api.get("/api/settings/webhooks", key).get("webhooks")).size());
            assertError(api.get("/api/settings/webhooks/wh_nope", key), 404, "WEBHOOK_NOT_FOUND");
            assertError(
                    api.post("/api/settings/webhooks", key, hookBody(onlyS1.url(), ",\"sessions\":[\"bad id!\"]")),
                    400,
                    "INVALID_SESSION_ID");

            api.readySession(key, "s1", "919800000701");
            api.readySession(key, "s2", "919800000702");
            api.post("/api/sandbox/session/s1/incoming", key, "{\"from\":\"919876543210\",\"body\":\"to s1\"}");
            api.post("/api/sandbox/session/s2/incoming", key, "{\"from\":\"919876543210\",\"body\":\"to s2\"}");
            everything.await(
                    r -> r.stream().filter(x -> "message".equals(x.event())).count() == 2, WAIT, "both messages");
            List<Received> filtered = onlyS1.await(r -> !r.isEmpty(), WAIT, "the s1 message");
            WebhookReceiver.sleep(300);
            assertEquals(1, onlyS1.received().size(), "only s1's messages: " + onlyS1.received());
            assertEquals("to s1", filtered.getFirst().data().get("body"));
            long eventId = filtered.getFirst().eventId();

            Map<String, Object> page = api.get(
                            "/api/settings/webhook/deliveries?limit=100&endpointId=" + filteredId, key)
                    .json();
            assertEquals(1, ((Number) page.get("total")).intValue());
            @SuppressWarnings("unchecked")
            Map<String, Object> row = ((List<Map<String, Object>>) page.get("deliveries")).getFirst();
            assertEquals(eventId, ((Number) row.get("eventId")).longValue());
            assertEquals("message", row.get("event"));
            assertEquals("s1", row.get("sessionId"));
            assertEquals("delivered", row.get("status"));
            assertEquals(1, row.get("attempts"));
            assertEquals(200, row.get("lastHttpStatus"));
            assertNotNull(row.get("deliveredAt"));
            assertError(api.get("/api/settings/webhook/deliveries?status=weird", key), 400, "INVALID_REQUEST");
            assertError(api.get("/api/settings/webhook/deliveries?page=0", key), 400, "INVALID_REQUEST");

            Api.Response again = api.post("/api/settings/webhook/deliveries/" + eventId + "/redeliver", key, null);
            assertEquals(200, again.status(), again.toString());
            assertEquals(2, ((Number) again.get("queued")).intValue(), "both endpoints had it");
            onlyS1.await(r -> r.size() == 2 && r.get(1).eventId() == eventId, WAIT, "the redelivery");
            assertError(
                    api.post("/api/settings/webhook/deliveries/999999999/redeliver", key, null),
                    404,
                    "DELIVERY_NOT_FOUND");
            assertError(api.post("/api/settings/webhook/deliveries/abc/redeliver", key, null), 400, "INVALID_REQUEST");

            // Another tenant sees none of it.
            String other = api.tenant("business").key();
            assertEquals(
                    0,
                    ((Number) api.get("/api/settings/webhook/deliveries", other).get("total")).intValue());
            assertError(api.get("/api/settings/webhooks/" + filteredId, other), 404, "WEBHOOK_NOT_FOUND");
            assertError(
                    api.post("/api/settings/webhook/deliveries/" + eventId + "/redeliver", other, null),
                    404,
                    "DELIVERY_NOT_FOUND");

            assertEquals(
                    200, api.delete("/api/settings/webhooks/" + filteredId, key).status());
            api.post("/api/sandbox/session/s1/incoming", key, "{\"from\":\"919876543210\",\"body\":\"after delete\"}");
            everything.await(
                    r -> r.stream().filter(x -> "message".equals(x.event())).count() == 3, WAIT, "the third message");
            WebhookReceiver.sleep(300);
            assertEquals(2, onlyS1.received().size(), "a deleted endpoint receives nothing more");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> delivery(Api api, String key, long eventId) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>)
                api.get("/api/settings/webhook/deliveries?limit=100", key).get("deliveries");
        return rows.stream()
                .filter(d -> ((Number) d.get("eventId")).longValue() == eventId)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no delivery of event " + eventId + " in " + rows));
    }

    private static Set<String> events(List<Received> received) {
        return received.stream().map(Received::event).collect(Collectors.toSet());
    }

    private static Set<String> statuses(List<Received> received, String messageId) {
        return received.stream()
                .filter(r -> "message_status".equals(r.event())
                        && messageId.equals(r.data().get("messageId")))
                .map(r -> (String) r.data().get("status"))
                .collect(Collectors.toSet());
    }

    private static Received first(List<Received> received, String event) {
        return received.stream()
                .filter(r -> event.equals(r.event()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + event + " event"));
    }

    /** Checks all three signatures independently of the server's code. */
    static void assertSignatures(Received r, String secret) throws Exception {
        String body = r.body();
        String signature = (String) r.json().get("signature");
        String suffix = ",\"signature\":\"" + signature + "\"}";
        assertTrue(body.endsWith(suffix), body);
        String unsigned = body.substring(0, body.length() - suffix.length()) + "}";
        assertEquals(hmac(secret, unsigned), signature, "signature field");
        String timestamp = r.headers().get("x-wapi-timestamp");
        assertEquals(
                "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body),
                r.headers().get("x-wapi-signature"));
        assertEquals("sha256=" + hmac(secret, body), r.headers().get("x-hub-signature-256"));
        assertTrue(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000) < 60);
    }

    static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
