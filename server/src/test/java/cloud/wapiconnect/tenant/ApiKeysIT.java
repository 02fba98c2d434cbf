package cloud.wapiconnect.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.ApiKeyScope;
import cloud.wapiconnect.proto.v1.CreateApiKeyRequest;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: named API keys with scopes and sessions, over real HTTP and gRPC on one server. A key used outside its
 * scopes gets 403 / PERMISSION_DENIED with KEY_SCOPE_FORBIDDEN; a deleted key is refused at once and its open streams
 * end; a rotation's grace period keeps the old key until it ends; lists never show a secret; a key's use is written
 * about once a minute. Runs on both database passes: keys live in the database.
 */
@HelidonTest
class ApiKeysIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger PHONES = new AtomicInteger();

    @Inject
    WebTarget target;

    @Inject
    Revocations revocations;

    private Api api;
    private Api.TestTenant tenant;
    private ManagedChannel channel;

    @BeforeEach
    void connect() throws InterruptedException {
        // Streams an earlier test closed leave when the server notices: counts below start from none.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (revocations.watches() > 0) {
            assertTrue(System.nanoTime() < deadline, "streams of an earlier test are still open");
            Thread.sleep(5);
        }
        api = new Api(target.getUri());
        tenant = api.tenantOnPlan("keys-it", 3, 1000);
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void disconnect() {
        Grpc.close(channel);
    }

    private Api.Response create(String body) {
        return api.post("/api/settings/api-keys", tenant.key(), body);
    }

    private String key(String scope, String sessions) {
        Api.Response created = create("{\"name\":\"" + scope + " key\",\"scopes\":[\"" + scope + "\"]"
                + (sessions == null ? "" : ",\"sessions\":[" + sessions + "]") + "}");
        assertEquals(201, created.status(), created.toString());
        return (String) created.get("apiKey");
    }

    private String readySession(String sessionId) {
        api.readySession(tenant.key(), sessionId, "9198000190" + String.format("%02d", PHONES.incrementAndGet()));
        return sessionId;
    }

    private static void forbidden(Api.Response r) {
        assertEquals(403, r.status(), r.toString());
        assertEquals("KEY_SCOPE_FORBIDDEN", r.code(), r.toString());
    }

    private static void forbidden(Runnable grpcCall) {
        WapiClientException e = assertThrows(WapiClientException.class, grpcCall::run);
        assertEquals(Status.Code.PERMISSION_DENIED, e.status(), e.toString());
        assertEquals("KEY_SCOPE_FORBIDDEN", e.code(), e.toString());
    }

    private static String send(String to) {
        return "{\"to\":\"" + to + "\",\"message\":\"hi\"}";
    }

    @Test
    void keysAreListedWithoutSecretsAndTheirUseIsWrittenAboutOnceAMinute() throws Exception {
        String expires = Instant.now().plus(Duration.ofDays(30)).toString();
        Api.Response created = create("{\"name\":\"CRM\",\"scopes\":[\"read\",\"send\"],\"sessions\":[\"a\"],"
                + "\"expiresAt\":\"" + expires + "\"}");
        assertEquals(201, created.status(), created.toString());
        String secret = (String) created.get("apiKey");
        assertTrue(secret.startsWith("wapi_"), secret);
        assertEquals(secret.substring(0, 9), created.get("prefix"));
        assertEquals(List.of("send", "read"), created.get("scopes"));
        assertEquals(List.of("a"), created.get("sessions"));
        assertNotNull(created.get("createdAt"));

        Api.Response listed = api.get("/api/settings/api-keys", tenant.key());
        assertEquals(200, listed.status(), listed.toString());
        assertFalse(listed.body().contains(secret.substring(9)), "a list holds no secret: " + listed.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = ((List<Map<String, Object>>) listed.get("apiKeys")).getFirst();
        assertEquals(created.get("id"), key.get("id"));
        assertEquals("CRM", key.get("name"));
        assertFalse(key.containsKey("apiKey"));
        assertNull(key.get("lastUsedAt"));
        assertEquals(
                Instant.parse(expires).toEpochMilli(),
                Instant.parse((String) key.get("expiresAt")).toEpochMilli());

        assertEquals(404, api.get("/api/whatsapp/session/a/status", secret).status(), "authenticated");
        Object firstUse = lastUsedAt();
        assertNotNull(firstUse, "the first use is written");
        Thread.sleep(5); // a later millisecond: a second write would show
        assertEquals(404, api.get("/api/whatsapp/session/a/status", secret).status());
        assertEquals(firstUse, lastUsedAt(), "not written again within a minute");

        // Bad input: 400 with the field; and the tenant's own key is not in the list.
        assertEquals(400, create("{\"name\":\"x\",\"scopes\":[\"admin\"]}").status());
        assertEquals(400, create("{\"name\":\"x\",\"scopes\":[]}").status());
        assertEquals(400, create("{\"scopes\":[\"read\"]}").status());
        assertEquals(
                400,
                create("{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresAt\":\"2001-01-01T00:00:00Z\"}")
                        .status());
        assertEquals(
                400,
                create("{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresAt\":\"tomorrow\"}")
                        .status());
        assertEquals(
                "INVALID_SESSION_ID",
                create("{\"name\":\"x\",\"scopes\":[\"read\"],\"sessions\":[\"a b\"]}")
                        .code());
    }

    private Object lastUsedAt() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>)
                api.get("/api/settings/api-keys", tenant.key()).get("apiKeys");
        return keys.getFirst().get("lastUsedAt");
    }

    @Test
    void scopesAndSessionsAreEnforcedOverRest() {
        String a = readySession("a");
        String send = key("send", null);
        String read = key("read", null);
        String onA = key("send", "\"a\"");

        // send: sends (bulk included), reads; manages nothing.
        assertEquals(
                200,
                api.post("/api/whatsapp/session/a/send", send, send("919800000001"))
                        .status());
        Api.Response bulk = api.post(
                "/api/whatsapp/session/a/send-bulk", send, "{\"recipients\":[\"919800000002\"],\"message\":\"hi\"}");
        assertTrue(bulk.status() < 300, bulk.toString());
        assertEquals(200, api.get("/api/whatsapp/sessions", send).status());
        forbidden(api.post("/api/whatsapp/session", send, "{\"sessionId\":\"new\"}"));
        forbidden(api.post("/api/whatsapp/session/a/disconnect", send, ""));
        forbidden(api.delete("/api/whatsapp/session/a", send));
        forbidden(api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", send), "{\"url\":\"https://x.org\"}"));
        forbidden(api.get("/api/settings/webhooks", send));
        forbidden(api.post("/api/settings/api-keys", send, "{\"name\":\"x\",\"scopes\":[\"full\"]}"));
        forbidden(api.get("/api/settings/api-keys", send));
        forbidden(api.post("/api/settings/api-key/reset", send, ""));

        // read: reads only.
        assertEquals(200, api.get("/api/whatsapp/session/a/status", read).status());
        assertEquals(200, api.get("/api/whatsapp/messages?sessionId=a", read).status());
        assertEquals(200, api.get("/api/usage", read).status());
        forbidden(api.post("/api/whatsapp/session/a/send", read, send("919800000001")));
        forbidden(api.post(
                "/api/whatsapp/session/a/send-bulk", read, "{\"recipients\":[\"919800000002\"],\"message\":\"hi\"}"));
        forbidden(api.post("/api/whatsapp/session/a/presence", read, "{\"to\":\"919800000001\",\"state\":\"typing\"}"));

        // Restricted to session a: a only, existing or not, and no call about the whole tenant.
        assertEquals(200, api.get("/api/whatsapp/session/" + a + "/status", onA).status());
        assertEquals(
                200,
                api.post("/api/whatsapp/session/a/send", onA, send("919800000001"))
                        .status());
        assertEquals(200, api.get("/api/whatsapp/messages?sessionId=a", onA).status());
        forbidden(api.get("/api/whatsapp/session/b/status", onA));
        forbidden(api.post("/api/whatsapp/session/b/send", onA, send("919800000001")));
        forbidden(api.get("/api/whatsapp/sessions", onA));
        forbidden(api.get("/api/whatsapp/messages", onA));
        forbidden(api.get("/api/whatsapp/messages?sessionId=b", onA));

        // The tenant's own key still does everything.
        assertEquals(200, api.get("/api/settings/api-keys", tenant.key()).status());
    }

    @Test
    void scopesAndSessionsAreEnforcedOverGrpc() throws Exception {
        readySession("a");
        String onAKey = key("read", "\"a\"");
        try (WapiClient send = Grpc.client(target.getUri(), key("send", null));
                WapiClient read = Grpc.client(target.getUri(), key("read", null));
                WapiClient onA = Grpc.client(target.getUri(), onAKey)) {
            assertFalse(send.sendText("a", "919800000001", "hi").getMessageId().isEmpty());
            forbidden(() -> send.createSession("new", ""));
            forbidden(() -> send.deleteSession("a"));
            forbidden(() -> send.listApiKeys());
            forbidden(() -> send.createApiKey(CreateApiKeyRequest.newBuilder()
                    .setName("x")
                    .addScopes(ApiKeyScope.API_KEY_SCOPE_FULL)
                    .build()));
            forbidden(() -> send.resetApiKey());

            assertEquals(1, read.listSessions().size());
            forbidden(() -> read.sendText("a", "919800000001", "hi"));

            assertEquals("a", onA.sessionStatus("a").getSessionId());
            forbidden(() -> onA.sessionStatus("b"));
            forbidden(() -> onA.listSessions());
            forbidden(() -> onA.usage());
        }

        // Subscribe: a restricted key names its sessions.
        EventRecorder all = EventRecorder.subscribe(channel, onAKey, SubscribeRequest.getDefaultInstance());
        WapiClientException refused = all.awaitError(WAIT);
        assertEquals(Status.Code.PERMISSION_DENIED, refused.status());
        assertEquals("KEY_SCOPE_FORBIDDEN", refused.code());
        int before = revocations.watches();
        try (EventRecorder mine = EventRecorder.subscribe(
                channel,
                onAKey,
                SubscribeRequest.newBuilder().addSessionIds("a").build())) {
            awaitWatches(before + 1);
            assertFalse(mine.ended());
        }
    }

    @Test
    void aDeletedKeyIsRefusedAtOnceAndItsOpenStreamsEnd() throws Exception {
        Api.Response created = create("{\"name\":\"temp\",\"scopes\":[\"read\"]}");
        String secret = (String) created.get("apiKey");
        String id = (String) created.get("id");
        String other = key("read", null);
        int before = revocations.watches();
        EventRecorder doomed = EventRecorder.subscribe(channel, secret, SubscribeRequest.getDefaultInstance());
        EventRecorder bystander = EventRecorder.subscribe(channel, other, SubscribeRequest.getDefaultInstance());
        EventRecorder own = EventRecorder.subscribe(channel, tenant.key(), SubscribeRequest.getDefaultInstance());
        awaitWatches(before + 3);

        Api.Response deleted = api.delete("/api/settings/api-keys/" + id, tenant.key());
        long answeredAt = System.nanoTime();
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(401, api.get("/api/usage", secret).status(), "refused at once");
        WapiClientException ended = doomed.awaitError(WAIT);
        long millis = (doomed.endedAtNanos() - answeredAt) / 1_000_000;
        System.out.printf("[ApiKeysIT] deleted key: its stream ended %d ms after the answer%n", millis);
        assertEquals(Status.Code.UNAUTHENTICATED, ended.status());
        assertEquals("UNAUTHORIZED", ended.code());
        assertTrue(millis < 1_000, "ended " + millis + " ms after the answer");
        assertFalse(bystander.ended(), "a stream of another key goes on");
        assertFalse(own.ended(), "a stream of the tenant's own key goes on");
        assertEquals(200, api.get("/api/usage", other).status());
        bystander.close();
        own.close();

        Api.Response again = api.delete("/api/settings/api-keys/" + id, tenant.key());
        assertEquals(404, again.status());
        assertEquals("API_KEY_NOT_FOUND", again.code());
    }

    @Test
    void aResetWithAGracePeriodKeepsTheOldKeyUntilItEndsAndOneWithoutEndsItAtOnce() throws Exception {
        String old = tenant.key();
        int before = revocations.watches();
        EventRecorder oldStream = EventRecorder.subscribe(channel, old, SubscribeRequest.getDefaultInstance());
        awaitWatches(before + 1);

        Api.Response reset = api.post("/api/settings/api-key/reset", old, "{\"graceSeconds\":1}");
        long resetAt = System.nanoTime();
        assertEquals(200, reset.status(), reset.toString());
        String fresh = (String) reset.get("apiKey");
        assertEquals(200, api.get("/api/usage", old).status(), "the old key works during the grace period");
        assertEquals(200, api.get("/api/usage", fresh).status());
        assertFalse(oldStream.ended(), "its streams too");
        Api.await(() -> api.get("/api/usage", old), r -> r.status() == 401, "the old key to stop working");
        long millis = (System.nanoTime() - resetAt) / 1_000_000;
        System.out.printf("[ApiKeysIT] grace of 1 s: the old key refused %d ms after the reset%n", millis);
        assertTrue(millis >= 900, "refused after " + millis + " ms");
        assertEquals(Status.Code.UNAUTHENTICATED, oldStream.awaitError(WAIT).status(), "its stream ends too");

        // As the API document says: a reset (no body) invalidates the old key immediately.
        Api.Response plain = api.post("/api/settings/api-key/reset", fresh, null);
        assertEquals(200, plain.status(), plain.toString());
        assertEquals(401, api.get("/api/usage", fresh).status());
        String current = (String) plain.get("apiKey");
        assertEquals(200, api.get("/api/usage", current).status());
        assertEquals(
                "INVALID_REQUEST",
                api.post("/api/settings/api-key/reset", current, "{\"graceSeconds\":-1}")
                        .code());

        // A named key's rotation: the same rules.
        Api.Response named = api.post("/api/settings/api-keys", current, "{\"name\":\"n\",\"scopes\":[\"read\"]}");
        Api.Response rotated = api.post("/api/settings/api-keys/" + named.get("id") + "/rotate", current, "{}");
        assertEquals(200, rotated.status(), rotated.toString());
        assertEquals(named.get("id"), rotated.get("id"));
        assertNotEquals(named.get("apiKey"), rotated.get("apiKey"));
        assertEquals(401, api.get("/api/usage", (String) named.get("apiKey")).status());
        assertEquals(200, api.get("/api/usage", (String) rotated.get("apiKey")).status());
    }

    private void awaitWatches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (revocations.watches() < count) {
            assertTrue(System.nanoTime() < deadline, "the stream did not open");
            Thread.sleep(5);
        }
    }
}
