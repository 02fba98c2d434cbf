package cloud.wapiconnect.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a change made through one node takes effect on the others within a second. Two packaged servers on
 * one MariaDB database; every change is made through node A and watched on node B, whose caches were warmed with
 * the state from before: a key reset (REST 401 and gRPC UNAUTHENTICATED for the old key, its Subscribe stream on B
 * ended), a suspension and the reinstatement (refused, stream ended with PERMISSION_DENIED; then accepted again), a
 * plan change (B enforces the new daily limit), webhook endpoint changes (B's events go where the endpoints now
 * say). Each delay is measured from A's answer and printed. MariaDB only: two processes cannot share the embedded
 * database.
 */
class TenantChangesAcrossNodesIT {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ServerProcess nodeA;
    private static ServerProcess nodeB;
    private static Api a;
    private static Api b;
    private static ManagedChannel channelB;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(!TestDatabase.embedded(), "two server processes on one database: the MariaDB pass");
        Map<String, String> env =
                new HashMap<>(ServerProcess.freshDatabase("wapi_test_tenant_changes", "tenant-changes-data"));
        env.put("WAPI_EVENT_HEARTBEAT_MS", "100");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        nodeA = new ServerProcess(env, ServerProcess.logFile("tenant-changes-a").toPath()).start();
        nodeB = new ServerProcess(env, ServerProcess.logFile("tenant-changes-b").toPath()).start();
        a = new Api(nodeA.uri());
        b = new Api(nodeB.uri());
        channelB = Grpc.channel(nodeB.uri());
    }

    @AfterAll
    static void stop() {
        if (channelB != null) {
            Grpc.close(channelB);
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aNamedKeyDeletedThroughOneNodeIsRefusedAndEndsStreamsOnTheOther() throws Exception {
        Api.TestTenant t = a.tenant("free");
        Api.Response created = a.post("/api/settings/api-keys", t.key(), "{\"name\":\"ci\",\"scopes\":[\"read\"]}");
        assertEquals(201, created.status(), created.toString());
        String key = (String) created.get("apiKey");
        EventRecorder stream = openStream(key);
        try (WapiClient grpc = Grpc.client(nodeB.uri(), key)) {
            // B has the key cached: it just accepted it.
            assertEquals(200, b.get("/api/usage", key).status());
            grpc.usage();

            Api.Response deleted = a.delete("/api/settings/api-keys/" + created.get("id"), t.key());
            long answeredAt = System.nanoTime();
            assertEquals(200, deleted.status(), deleted.toString());

            long[] refused = bothWithin(
                    answeredAt,
                    "deleted key refused on B",
                    () -> b.get("/api/usage", key).status() == 401,
                    () -> grpcRefused(grpc, Status.Code.UNAUTHENTICATED));
            long ended = endedWithin(stream, answeredAt, Status.Code.UNAUTHENTICATED, "UNAUTHORIZED");
            report("named key deleted", refused, ended);
            assertEquals(200, b.get("/api/usage", t.key()).status(), "the tenant's own key works on B");
        }
    }

    @Test
    void aKeyResetThroughOneNodeIsRefusedAndEndsStreamsOnTheOther() throws Exception {
        Api.TestTenant t = a.tenant("free");
        EventRecorder stream = openStream(t.key());
        // Calls on a connection of their own: the stream's connection is the stream's.
        try (WapiClient grpc = Grpc.client(nodeB.uri(), t.key())) {
            // B has the key cached: it just accepted it.
            assertEquals(200, b.get("/api/usage", t.key()).status());
            grpc.usage();

            Api.Response reset = a.post("/api/settings/api-key/reset", t.key(), "{}");
            long answeredAt = System.nanoTime();
            assertEquals(200, reset.status(), reset.toString());

            long[] refused = bothWithin(
                    answeredAt,
                    "old key refused on B",
                    () -> b.get("/api/usage", t.key()).status() == 401,
                    () -> grpcRefused(grpc, Status.Code.UNAUTHENTICATED));
            long ended = endedWithin(stream, answeredAt, Status.Code.UNAUTHENTICATED, "UNAUTHORIZED");
            report("key reset", refused, ended);
            assertEquals(200, b.get("/api/usage", (String) reset.get("apiKey")).status(), "the new key works on B");
        }
    }

    @Test
    void aSuspensionThroughOneNodeIsEnforcedOnTheOtherAndSoIsTheReinstatement() throws Exception {
        Api.TestTenant t = a.tenant("free");
        EventRecorder stream = openStream(t.key());
        // Calls on a connection of their own: the stream's connection is the stream's.
        try (WapiClient grpc = Grpc.client(nodeB.uri(), t.key())) {
            assertEquals(200, b.get("/api/usage", t.key()).status());
            grpc.usage();

            Api.Response suspended = a.admin("PATCH", "/api/admin/tenants/" + t.id(), "{\"suspended\":true}");
            long answeredAt = System.nanoTime();
            assertEquals(200, suspended.status(), suspended.toString());
            long[] refused = bothWithin(
                    answeredAt,
                    "suspended tenant refused on B",
                    () -> b.get("/api/usage", t.key()).status() == 403,
                    () -> grpcRefused(grpc, Status.Code.PERMISSION_DENIED));
            long ended = endedWithin(stream, answeredAt, Status.Code.PERMISSION_DENIED, "TENANT_SUSPENDED");
            report("suspension", refused, ended);

            // B now has the suspended tenant cached: the reinstatement must reach it too.
            assertEquals(403, b.get("/api/usage", t.key()).status());
            Api.Response reinstated = a.admin("PATCH", "/api/admin/tenants/" + t.id(), "{\"suspended\":false}");
            long reinstatedAt = System.nanoTime();
            assertEquals(200, reinstated.status(), reinstated.toString());
            long[] accepted = bothWithin(
                    reinstatedAt,
                    "reinstated tenant accepted on B",
                    () -> b.get("/api/usage", t.key()).status() == 200,
                    () -> grpcRefused(grpc, null));
            report("reinstatement", accepted, -1);
            EventRecorder again = openStream(t.key());
            again.close();
        }
    }

    @Test
    void aPlanChangeThroughOneNodeIsEnforcedOnTheOther() throws Exception {
        assertEquals(
                200,
                a.admin(
                                "PUT",
                                "/api/admin/plans/wide",
                                "{\"name\":\"wide\",\"maxSessions\":2,\"dailyMessageLimit\":1000}")
                        .status());
        assertEquals(
                200,
                a.admin(
                                "PUT",
                                "/api/admin/plans/narrow",
                                "{\"name\":\"narrow\",\"maxSessions\":2,\"dailyMessageLimit\":1}")
                        .status());
        Api.TestTenant t = a.tenant("wide");
        b.readySession(t.key(), "main", "919800001701");
        // One message sent through B on the wide plan (and B has the tenant cached, plan included).
        assertEquals(200, send(b, t.key(), 0).status());

        Api.Response moved = a.admin("PATCH", "/api/admin/tenants/" + t.id(), "{\"plan\":\"narrow\"}");
        long answeredAt = System.nanoTime();
        assertEquals(200, moved.status(), moved.toString());
        int[] sent = {1};
        long refused = within(answeredAt, "B refusing the send past the new limit", () -> {
            Api.Response r = send(b, t.key(), sent[0]++);
            if (r.status() == 200) {
                return false;
            }
            assertEquals("SENT_LIMIT_EXCEEDED", r.code(), r.toString());
            return true;
        });
        System.out.printf(
                "[TenantChangesAcrossNodesIT] plan change: B refused the send %d ms after A's answer (%d sent meanwhile)%n",
                refused, sent[0] - 2);
        assertEquals("narrow", b.get("/api/usage", t.key()).get("plan"));
    }

    @Test
    void webhookEndpointChangesThroughOneNodeDecideWhereTheOthersEventsGo() throws Exception {
        try (WebhookReceiver first = new WebhookReceiver();
                WebhookReceiver second = new WebhookReceiver();
                WebhookReceiver third = new WebhookReceiver()) {
            Api.TestTenant t = a.tenant("free");
            // The default endpoint wants "ready" events only: B caches it while the session is linked there.
            assertEquals(200, putDefault(t, first.url(), "ready").status());
            b.readySession(t.key(), "main", "919800001702");
            first.await(r -> !r.isEmpty(), WAIT, "session events on the first receiver");
            incoming(t, "warm-up");

            // Changed through A: messages, to the second receiver.
            Api.Response changed = putDefault(t, second.url(), "message");
            long changedAt = System.nanoTime();
            assertEquals(200, changed.status(), changed.toString());
            long followed = injectUntilDelivered(t, "changed", changedAt, second);

            // Through A: a new endpoint to the third receiver, and the default one deleted.
            Api.Response created = a.send(
                    "POST",
                    "/api/settings/webhooks",
                    Map.of("X-API-Key", t.key()),
                    "{\"url\":\"" + third.url() + "\",\"events\":[\"message\"]}");
            long createdAt = System.nanoTime();
            assertEquals(201, created.status(), created.toString());
            assertEquals(200, a.delete("/api/settings/webhook", t.key()).status());
            long added = injectUntilDelivered(t, "added", createdAt, third);
            int toSecond = second.received().size();
            incoming(t, "after the delete");
            third.await(r -> r.stream().anyMatch(x -> "after the delete".equals(body(x))), WAIT, "the last message");
            assertEquals(toSecond, second.received().size(), "the deleted endpoint got a message");
            assertFalse(
                    first.received().stream().anyMatch(x -> "message".equals(x.event())),
                    "the first endpoint never wanted messages");
            System.out.printf(
                    "[TenantChangesAcrossNodesIT] webhooks: B's events follow a changed endpoint %d ms and a new one %d ms"
                            + " after A's answer%n",
                    followed, added);
        }
    }

    /**
     * Injects a message on B every 20 ms, from {@code since} on, until one reaches {@code receiver}; returns how
     * long after {@code since} that first message was injected (every message injected later must reach it too).
     */
    private static long injectUntilDelivered(Api.TestTenant t, String prefix, long since, WebhookReceiver receiver)
            throws InterruptedException {
        Map<String, Long> injectedAt = new LinkedHashMap<>();
        long deadline = since + WAIT.toNanos();
        Optional<Long> first = Optional.empty();
        int i = 0;
        while (System.nanoTime() < deadline) {
            String body = prefix + " " + i++;
            long at = System.nanoTime();
            incoming(t, body);
            injectedAt.put(body, at);
            first = firstDelivered(receiver, injectedAt);
            // Go on for a while after the first one: the later ones must all arrive too.
            if (first.isPresent() && at - first.get() > BOUND.toNanos() / 2) {
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(first.isPresent(), "no message of B reached " + receiver.url() + " within " + WAIT);
        long firstAt = first.get();
        List<String> expected = new ArrayList<>();
        injectedAt.forEach((body, at) -> {
            if (at >= firstAt) {
                expected.add(body);
            }
        });
        receiver.await(
                r -> r.stream().map(TenantChangesAcrossNodesIT::body).toList().containsAll(expected),
                WAIT,
                "every message injected after the first delivered one");
        long millis = (firstAt - since) / 1_000_000;
        assertTrue(millis < BOUND.toMillis(), "B's events followed the change " + millis + " ms after A's answer");
        return millis;
    }

    private static Optional<Long> firstDelivered(WebhookReceiver receiver, Map<String, Long> injectedAt) {
        return receiver.received().stream()
                .map(r -> injectedAt.get(body(r)))
                .filter(at -> at != null)
                .min(Long::compare);
    }

    private static String body(WebhookReceiver.Received r) {
        Map<String, Object> data = r.data();
        return data == null ? null : (String) data.get("body");
    }

    private static void incoming(Api.TestTenant t, String body) {
        Api.Response r = b.post(
                "/api/sandbox/session/main/incoming", t.key(), "{\"from\":\"919876543210\",\"body\":\"" + body + "\"}");
        assertEquals(200, r.status(), r.toString());
    }

    private static Api.Response putDefault(Api.TestTenant t, String url, String event) {
        return a.send(
                "PUT",
                "/api/settings/webhook",
                Map.of("X-API-Key", t.key()),
                "{\"url\":\"" + url + "\",\"events\":[\"" + event + "\"]}");
    }

    private static Api.Response send(Api api, String key, int i) {
        return api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543210\",\"message\":\"m" + i + "\"}");
    }

    /** True once a call is refused with {@code status} ({@code null}: once it is accepted). */
    private static boolean grpcRefused(WapiClient grpc, Status.Code status) {
        try {
            grpc.usage();
            return status == null;
        } catch (WapiClientException e) {
            return e.status() == status;
        }
    }

    /**
     * Polls both conditions, in turns, until each has held once; returns how long after {@code since} each first
     * did (REST, gRPC), asserting the bound.
     */
    private static long[] bothWithin(long since, String what, BooleanSupplier rest, BooleanSupplier grpc)
            throws InterruptedException {
        long deadline = since + WAIT.toNanos();
        long restAt = -1;
        long grpcAt = -1;
        while (restAt < 0 || grpcAt < 0) {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + WAIT);
            if (restAt < 0 && rest.getAsBoolean()) {
                restAt = (System.nanoTime() - since) / 1_000_000;
            }
            if (grpcAt < 0 && grpc.getAsBoolean()) {
                grpcAt = (System.nanoTime() - since) / 1_000_000;
            }
            Thread.sleep(5);
        }
        System.out.printf("[TenantChangesAcrossNodesIT] %s: REST %d ms, gRPC %d ms%n", what, restAt, grpcAt);
        assertTrue(restAt < BOUND.toMillis(), what + ", REST: " + restAt + " ms after A's answer");
        assertTrue(grpcAt < BOUND.toMillis(), what + ", gRPC: " + grpcAt + " ms after A's answer");
        return new long[] {restAt, grpcAt};
    }

    /** Polls {@code done} until it holds; returns how long after {@code since} it first did, asserting the bound. */
    private static long within(long since, String what, BooleanSupplier done) throws InterruptedException {
        long deadline = since + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + WAIT);
            Thread.sleep(5);
        }
        long millis = (System.nanoTime() - since) / 1_000_000;
        assertTrue(millis < BOUND.toMillis(), what + ": " + millis + " ms after A's answer");
        return millis;
    }

    private static EventRecorder openStream(String key) throws InterruptedException {
        EventRecorder stream = EventRecorder.subscribe(channelB, key, SubscribeRequest.getDefaultInstance());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (stream.heartbeats() == 0) {
            assertFalse(stream.ended(), "stream ended before its first heartbeat");
            assertTrue(System.nanoTime() < deadline, "no heartbeat within " + WAIT);
            Thread.sleep(5);
        }
        return stream;
    }

    private static long endedWithin(EventRecorder stream, long since, Status.Code status, String reason)
            throws InterruptedException {
        WapiClientException error = stream.awaitError(WAIT);
        long millis = (stream.endedAtNanos() - since) / 1_000_000;
        assertEquals(status, error.status(), error.toString());
        assertEquals(reason, error.code(), error.toString());
        assertTrue(millis < BOUND.toMillis(), reason + ": the stream on B ended " + millis + " ms after A's answer");
        return millis;
    }

    private static void report(String change, long[] restAndGrpc, long stream) {
        System.out.printf(
                "[TenantChangesAcrossNodesIT] %s through A: on B REST %d ms, gRPC %d ms%s after A's answer%n",
                change, restAndGrpc[0], restAndGrpc[1], stream < 0 ? "" : ", stream ended " + stream + " ms");
    }
}
