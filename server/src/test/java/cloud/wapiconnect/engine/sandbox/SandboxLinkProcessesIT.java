package cloud.wapiconnect.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers on one MariaDB database, as two nodes of a cluster before sessions have owners: a
 * session linked on the first is connected again on the second, and the simulated network keeps one live
 * connection per linked device across processes, as WhatsApp does. The first server's connection ends
 * {@code replaced} within the tick, its sends are refused (409, never a 500) and never reach the network,
 * and the second sends.
 */
class SandboxLinkProcessesIT {
    private static final String SEND = "/api/whatsapp/session/main/send";

    @Test
    void aSessionConnectedAgainOnAnotherServerReplacesTheFirstServersConnection() throws Exception {
        assumeFalse(TestDatabase.embedded(), "two servers share a MariaDB database; the embedded one is locked by one");
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_sandbox_link", "sandbox-link-data");
        try (ServerProcess first = new ServerProcess(
                                env, ServerProcess.logFile("sandbox-link-1").toPath())
                        .start();
                ServerProcess second = new ServerProcess(
                                new HashMap<>(env),
                                ServerProcess.logFile("sandbox-link-2").toPath())
                        .start()) {
            Api one = new Api(first.uri());
            Api two = new Api(second.uri());
            Api.TestTenant tenant = one.tenant("business");
            String key = tenant.key();
            one.readySession(key, "main", "919800000061");
            assertEquals(200, one.post(SEND, key, message("before")).status());

            // The second server reconnects the linked session (no QR): its connection takes the link.
            Api.Response created = two.post("/api/whatsapp/session", key, "{\"sessionId\":\"main\"}");
            assertEquals(200, created.status(), created.toString());
            long connected = System.nanoTime();
            two.awaitStatus(key, "main", "ready"); // it took the link before it became ready
            Api.Response early = one.post(SEND, key, message("refused early"));

            Api.Response replaced = Api.await(
                    () -> one.get("/api/whatsapp/session/main/status", key),
                    r -> "disconnected".equals(r.get("status")),
                    "the first server's session to be disconnected");
            long noticedMs = (System.nanoTime() - connected) / 1_000_000;
            assertEquals("replaced", replaced.get("reason"), replaced.toString());
            assertTrue(noticedMs < 2500, "the first server noticed after " + noticedMs + " ms");

            // Refused either by the network (not noticed yet) or by the session (noticed): 409 both ways.
            assertRefused(early);
            assertRefused(one.post(SEND, key, message("refused late")));
            Api.Response sent = two.post(SEND, key, message("after"));
            assertEquals(200, sent.status(), sent.toString());

            Thread.sleep(2500); // longer than a dropped connection takes to come back: a replaced one does not
            assertEquals(
                    "disconnected",
                    one.get("/api/whatsapp/session/main/status", key).get("status"));
            assertEquals(
                    "ready", two.get("/api/whatsapp/session/main/status", key).get("status"));
            assertEquals(200, two.post(SEND, key, message("still")).status());

            try (Connection db = DriverManager.getConnection(
                    env.get("WAPI_DB_URL"), env.get("WAPI_DB_USER"), env.get("WAPI_DB_PASSWORD"))) {
                assertEquals(
                        List.of("before", "after", "still"),
                        strings(
                                db,
                                "SELECT body FROM sandbox_deliveries WHERE tenant_id = ? AND session_id = 'main'"
                                        + " AND type = 'text' ORDER BY id",
                                tenant.id()),
                        "what reached the network: nothing from the replaced connection");
                List<String> disconnects = strings(
                        db,
                        "SELECT payload FROM events WHERE tenant_id = ? AND session_id = 'main'"
                                + " AND type = 'disconnected' ORDER BY id",
                        tenant.id());
                assertEquals(1, disconnects.size(), disconnects.toString());
                assertTrue(disconnects.getFirst().contains("\"replaced\""), disconnects.toString());
                assertEquals(
                        1,
                        strings(db, "SELECT connection_id FROM sandbox_links WHERE tenant_id = ?", tenant.id())
                                .size(),
                        "one link per session");
            }
        }
    }

    private static void assertRefused(Api.Response r) {
        assertEquals(409, r.status(), r.toString());
        assertEquals("SESSION_NOT_READY", r.code(), r.toString());
    }

    private static String message(String body) {
        return "{\"to\":\"919876543210\",\"message\":\"" + body + "\"}";
    }

    private static List<String> strings(Connection db, String sql, String tenantId) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, tenantId);
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        }
    }
}
