package cloud.wapiconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode, "any node answers": two packaged server processes on one MariaDB database. A session's live
 * connection runs on one of them (its lease owner); every call that needs it is answered the same through the
 * other node, whose internal call to the owner makes the one step on the owner's connection. Sends happen
 * once. A call forwarded to an owner that was just SIGKILLed answers a clear 503, not a 500, and in time.
 * (MariaDB only: two processes cannot share the embedded H2.)
 */
class AnyNodeAnswersIT {
    private static final String CUSTOMER = "919800000501";

    @Test
    @SuppressWarnings("unchecked")
    void everyLiveCallIsAnsweredTheSameThroughANodeThatDoesNotRunTheSession() throws Exception {
        assumeFalse(TestDatabase.embedded(), "two server processes need a shared MariaDB database");
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_any_node", "any-node-data");
        env.put("WAPI_CLUSTER_SECRET", InternalServiceAuthIT.SECRET);
        env.put("WAPI_CLUSTER_LEASE_MS", "4000");
        Map<String, ServerProcess> nodes = new HashMap<>();
        try (ServerProcess first = node(env, "node-1").start();
                ServerProcess second = node(env, "node-2").start()) {
            nodes.put("node-1", first);
            nodes.put("node-2", second);
            Api.TestTenant tenant = new Api(first.uri()).tenantOnPlan("any-node", 10, 100_000);
            String key = tenant.key();
            // Created, linked and waited for through node 1, wherever the cluster places it.
            new Api(first.uri()).readySession(key, "main", "919800000500");
            String ownerId = owner(env, tenant.id(), "main");
            ServerProcess ownerNode = nodes.get(ownerId);
            ServerProcess otherNode = nodes.get(ownerId.equals("node-1") ? "node-2" : "node-1");
            Api owner = new Api(ownerNode.uri());
            Api other = new Api(otherNode.uri());

            // Status (live state of the owner's connection): the same body from both.
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/main/status", key));
            assertEquals(
                    "ready", other.get("/api/whatsapp/session/main/status", key).get("status"));

            // Sends: text and media through the other node; each reaches the simulated network exactly once.
            Api.Response text = other.post(
                    "/api/whatsapp/session/main/send", key, "{\"to\":\"" + CUSTOMER + "\",\"message\":\"via other\"}");
            assertEquals(200, text.status(), text.toString());
            Api.Response image = other.post(
                    "/api/whatsapp/session/main/send",
                    key,
                    "{\"to\":\"" + CUSTOMER + "\",\"type\":\"image\",\"message\":\"a photo\",\"mediaBase64\":\""
                            + Base64.getEncoder().encodeToString(MediaFiles.png()) + "\"}");
            assertEquals(200, image.status(), image.toString());
            Api.Response direct = owner.post(
                    "/api/whatsapp/session/main/send", key, "{\"to\":\"" + CUSTOMER + "\",\"message\":\"via owner\"}");
            assertEquals(200, direct.status(), direct.toString());
            assertEquals(text.json().keySet(), direct.json().keySet());
            List<Map<String, Object>> delivered = (List<Map<String, Object>>)
                    owner.get("/api/sandbox/session/main/delivered", key).get("messages");
            List<Object> ids = delivered.stream().map(d -> d.get("messageId")).toList();
            for (Api.Response sent : List.of(text, image, direct)) {
                assertEquals(
                        1, ids.stream().filter(sent.get("messageId")::equals).count(), ids + " " + sent);
            }
            Map<String, Object> photo = delivered.stream()
                    .filter(d -> image.get("messageId").equals(d.get("messageId")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("image", photo.get("type"));
            assertEquals((long) MediaFiles.png().length, ((Number) photo.get("size")).longValue());
            assertEquals(3, ids.size(), "nothing else was sent: " + delivered);

            // Presence, read receipts, contacts check: same answers.
            assertSame(
                    owner,
                    other,
                    a -> a.post(
                            "/api/whatsapp/session/main/presence",
                            key,
                            "{\"to\":\"" + CUSTOMER + "\",\"state\":\"typing\"}"));
            assertEquals(
                    200,
                    other.post(
                                    "/api/whatsapp/session/main/presence",
                                    key,
                                    "{\"to\":\"" + CUSTOMER + "\",\"state\":\"typing\"}")
                            .status());
            // An incoming message with media, simulated through the other node; read and downloaded through it.
            Api.Response incoming = other.post(
                    "/api/sandbox/session/main/incoming",
                    key,
                    "{\"from\":\"" + CUSTOMER + "\",\"body\":\"the invoice\",\"type\":\"document\",\"mediaBase64\":\""
                            + Base64.getEncoder().encodeToString(MediaFiles.pdf())
                            + "\",\"mediaMimeType\":\"application/pdf\",\"fileName\":\"invoice.pdf\"}");
            assertEquals(200, incoming.status(), incoming.toString());
            String incomingId = (String) incoming.get("messageId");
            Api.BytesResponse viaOther = other.getBytes("/api/whatsapp/session/main/media/" + incomingId, key);
            Api.BytesResponse viaOwner = owner.getBytes("/api/whatsapp/session/main/media/" + incomingId, key);
            assertEquals(200, viaOther.status());
            assertTrue(Arrays.equals(MediaFiles.pdf(), viaOther.body()));
            assertTrue(Arrays.equals(viaOwner.body(), viaOther.body()));
            assertEquals(viaOwner.header("Content-Type"), viaOther.header("Content-Type"));
            assertEquals(viaOwner.header("Content-Disposition"), viaOther.header("Content-Disposition"));
            assertSame(
                    owner,
                    other,
                    a -> a.post(
                            "/api/whatsapp/session/main/read",
                            key,
                            "{\"chat\":\"" + CUSTOMER + "\",\"messageIds\":[\"" + incomingId + "\"]}"));
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/main/media/NO-SUCH-MESSAGE", key));

            // Groups: created through the other node, read the same through both; failures the same too.
            Api.Response group = other.post(
                    "/api/whatsapp/session/main/groups",
                    key,
                    "{\"subject\":\"Across nodes\",\"participants\":[\"919800000502\",\"919800000503\"]}");
            assertEquals(200, group.status(), group.toString());
            String jid = (String) group.get("id");
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/main/groups/" + jid, key));
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/main/groups", key));
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/main/groups/120363000000000000@g.us", key));
            assertEquals(
                    404,
                    other.get("/api/whatsapp/session/main/groups/120363000000000000@g.us", key)
                            .status());

            // Edit, forward and revoke through the other node: each reaches the owner's connection once, and the
            // log (read through either node) shows it.
            String sentViaOther = (String) text.get("messageId");
            String messagePath = "/api/whatsapp/session/main/messages/" + sentViaOther;
            Api.Response edited = other.post(messagePath + "/edit", key, "{\"message\":\"edited via other\"}");
            assertEquals(200, edited.status(), edited.toString());
            Api.Response forwarded = other.post(messagePath + "/forward", key, "{\"to\":\"919800000504\"}");
            assertEquals(200, forwarded.status(), forwarded.toString());
            Api.Response revoked = other.delete(messagePath, key);
            assertEquals(200, revoked.status(), revoked.toString());
            List<Map<String, Object>> changes = (List<Map<String, Object>>)
                    owner.get("/api/sandbox/session/main/delivered", key).get("messages");
            for (String type : List.of("edit", "forward", "revoke")) {
                assertEquals(
                        1,
                        changes.stream().filter(d -> type.equals(d.get("type"))).count(),
                        type + ": " + changes);
            }
            assertSame(owner, other, a -> a.get("/api/whatsapp/messages?sessionId=main&limit=100", key));
            assertSame(owner, other, a -> a.post(messagePath + "/edit", key, "{\"message\":\"too late\"}"));

            // gRPC through the other node: the same status message, and a send.
            try (WapiClient viaOtherGrpc = Grpc.client(otherNode.uri(), key);
                    WapiClient viaOwnerGrpc = Grpc.client(ownerNode.uri(), key)) {
                Session fromOther = viaOtherGrpc.sessionStatus("main");
                assertEquals(viaOwnerGrpc.sessionStatus("main"), fromOther);
                assertEquals("919800000500", fromOther.getPhoneNumber());
                assertNotNull(viaOtherGrpc
                        .sendText("main", CUSTOMER, "grpc via other")
                        .getMessageId());
            }

            // A session waiting for its QR scan: the same QR from both nodes, and the scan through either links it.
            new Api(first.uri()).post("/api/whatsapp/session", key, "{\"sessionId\":\"second\"}");
            new Api(first.uri()).awaitStatus(key, "second", "qr_ready");
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/second/status", key));
            assertNotNull(other.get("/api/whatsapp/session/second/status", key).get("qr"));

            // Disconnect through the node that does not run it: the owner closes the connection.
            String secondOwner = owner(env, tenant.id(), "second");
            Api notSecondOwner = new Api(nodes.get(secondOwner.equals("node-1") ? "node-2" : "node-1")
                    .uri());
            Api.Response disconnected = notSecondOwner.post("/api/whatsapp/session/second/disconnect", key, "");
            assertEquals(200, disconnected.status(), disconnected.toString());
            assertEquals("disconnected", disconnected.get("status"));
            assertSame(owner, other, a -> a.get("/api/whatsapp/session/second/status", key));

            // The cost of the extra hop: sends per second through the other node as a ratio of sends to the owner.
            int n = Integer.getInteger("anyNode.sends", 150);
            sendLoop(owner, key, 20); // warm-up, both paths
            sendLoop(other, key, 20);
            double toOwner = sendLoop(owner, key, n);
            double throughOther = sendLoop(other, key, n);
            double again = sendLoop(owner, key, n);
            double ownerRate = (toOwner + again) / 2;
            System.out.printf(
                    "ANY-NODE send rate: owner %.1f/s, through the other node %.1f/s, ratio %.2f (n=%d)%n",
                    ownerRate, throughOther, throughOther / ownerRate, n);
            assertTrue(throughOther / ownerRate > 0.4, "forwarding costs far too much");

            // SIGKILL the owner: a forwarded call answers a clear 503 within its deadline, never a 500.
            ownerNode.kill();
            long start = System.nanoTime();
            Api.Response afterKill = other.post(
                    "/api/whatsapp/session/main/send",
                    key,
                    "{\"to\":\"" + CUSTOMER + "\",\"message\":\"owner is gone\"}");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, afterKill.status(), afterKill.toString());
            assertTrue(Set.of("SESSION_MOVING", "ENGINE_UNAVAILABLE").contains(afterKill.code()), afterKill.toString());
            if ("SESSION_MOVING".equals(afterKill.code())) {
                assertNotNull(
                        afterKill.headers().get("retry-after"),
                        afterKill.headers().toString());
            }
            assertTrue(ms < 25_000, "answered after " + ms + " ms");
            Api.Response statusAfterKill = other.get("/api/whatsapp/session/main/status", key);
            assertNotEquals(500, statusAfterKill.status(), statusAfterKill.toString());
        }
    }

    private static ServerProcess node(Map<String, String> shared, String nodeId) {
        Map<String, String> env = new HashMap<>(shared);
        env.put("WAPI_NODE_ID", nodeId);
        env.put("WAPI_DATA_DIR", shared.get("WAPI_DATA_DIR") + "-" + nodeId);
        return new ServerProcess(
                env, ServerProcess.logFile("any-node-" + nodeId).toPath());
    }

    /** The node holding the session's lease, from the shared database, once one does. */
    static String owner(Map<String, String> env, String tenantId, String sessionId) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try (Connection c = DriverManager.getConnection(
                        env.get("WAPI_DB_URL"), env.get("WAPI_DB_USER"), env.get("WAPI_DB_PASSWORD"));
                PreparedStatement q = c.prepareStatement(
                        "SELECT owner_node FROM session_leases WHERE tenant_id = ? AND session_id = ?")) {
            q.setString(1, tenantId);
            q.setString(2, sessionId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        return rs.getString(1);
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no node holds " + sessionId);
    }

    /** Status and body through both nodes: what the client sees must not depend on the node it reached. */
    private static void assertSame(Api owner, Api other, Function<Api, Api.Response> call) {
        Api.Response direct = call.apply(owner);
        Api.Response forwarded = call.apply(other);
        assertEquals(direct.status(), forwarded.status(), direct + " vs " + forwarded);
        assertEquals(withoutRequestId(direct), withoutRequestId(forwarded), direct + " vs " + forwarded);
    }

    /** The body less the error's {@code requestId}, which names each request (checked equal to its header). */
    private static Map<String, Object> withoutRequestId(Api.Response response) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(response.json());
        if (body.containsKey("requestId")) {
            assertEquals(response.headers().get("x-request-id"), body.remove("requestId"), response.toString());
        }
        return body;
    }

    /** Sequential text sends; returns sends per second. */
    private static double sendLoop(Api api, String key, int n) {
        List<Integer> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Api.Response r = api.post(
                    "/api/whatsapp/session/main/send",
                    key,
                    "{\"to\":\"" + CUSTOMER + "\",\"message\":\"rate " + i + "\"}");
            if (r.status() != 200) {
                failures.add(r.status());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(List.of(), failures);
        return n / seconds;
    }
}
