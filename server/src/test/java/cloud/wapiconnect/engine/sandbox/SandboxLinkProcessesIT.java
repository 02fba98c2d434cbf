package cloud.wapiconnect.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Two packaged servers on one MariaDB database are two nodes of one cluster: a session linked through the first
 * and created again through the second stays one live connection (the simulated network, which would end an older
 * connection {@code replaced} as WhatsApp does, never has to), and sends through either server reach the network
 * once each, through that connection. How the network treats a second connection is {@code SandboxLinkIT}'s.
 */
class SandboxLinkProcessesIT {
    private static final String SEND = "/api/whatsapp/session/main/send";

    @Test
    void aSessionCreatedAgainThroughAnotherServerStaysOneConnection() throws Exception {
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

            Api.Response created = two.post("/api/whatsapp/session", key, "{\"sessionId\":\"main\"}");
            assertEquals(200, created.status(), created.toString());
            for (int i = 0; i < 10; i++) {
                Api.Response sent = (i % 2 == 0 ? two : one).post(SEND, key, message("m" + i));
                assertEquals(200, sent.status(), sent.toString());
            }
            Thread.sleep(1500); // longer than the link check's tick: a second connection would have replaced one
            assertEquals(
                    "ready", one.get("/api/whatsapp/session/main/status", key).get("status"));
            assertEquals(
                    "ready", two.get("/api/whatsapp/session/main/status", key).get("status"));

            try (Connection db = DriverManager.getConnection(
                    env.get("WAPI_DB_URL"), env.get("WAPI_DB_USER"), env.get("WAPI_DB_PASSWORD"))) {
                List<String> expected = new ArrayList<>(List.of("before"));
                for (int i = 0; i < 10; i++) {
                    expected.add("m" + i);
                }
                assertEquals(
                        expected,
                        strings(
                                db,
                                "SELECT body FROM sandbox_deliveries WHERE tenant_id = ? AND session_id = 'main'"
                                        + " AND type = 'text' ORDER BY id",
                                tenant.id()),
                        "every send reached the network once");
                assertEquals(
                        List.of(),
                        strings(
                                db,
                                "SELECT payload FROM events WHERE tenant_id = ? AND session_id = 'main'"
                                        + " AND type = 'disconnected' ORDER BY id",
                                tenant.id()),
                        "no connection was replaced or dropped");
                assertEquals(
                        1,
                        strings(db, "SELECT connection_id FROM sandbox_links WHERE tenant_id = ?", tenant.id())
                                .size(),
                        "one link per session");
            }
        }
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
