package cloud.wapiconnect.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node whose lease was taken over (another node holds it at a higher generation) writes nothing more for the
 * session: its credential writes and sends are refused with SESSION_MOVING in their own transaction, even
 * before its lease keeper has noticed, and nothing reaches the network.
 */
@HelidonTest
class LeaseFenceIT {
    private static final String OTHER = "other-node";

    @Inject
    WebTarget target;

    @Inject
    LeaseFence fence;

    @Inject
    ClusterNode node;

    @AfterEach
    void forgetTheOtherNode() throws SQLException {
        try (Connection c = TestDatabase.connectToInProcessServer();
                PreparedStatement s = c.prepareStatement("DELETE FROM cluster_nodes WHERE node_id = ?")) {
            s.setString(1, OTHER);
            s.executeUpdate();
        }
    }

    @Test
    void writesAndSendsOfANodeThatLostTheLeaseAreRefused() throws SQLException {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("business");
        api.readySession(tenant.key(), "fenced", "919800000777");
        SessionKey key = new SessionKey(tenant.id(), "fenced");
        long generation = node.heldHere(key).orElseThrow();
        fence.require(key, generation); // held here: allowed
        assertEquals(
                200,
                api.post(
                                "/api/whatsapp/session/fenced/send",
                                tenant.key(),
                                "{\"to\":\"919876543210\",\"message\":\"a\"}")
                        .status());

        // Another node takes the session over (a live one: its heartbeat is recent for the next hour).
        try (Connection c = TestDatabase.connectToInProcessServer()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO cluster_nodes (node_id, address, version,"
                    + " started_at, heartbeat_at, draining) VALUES (?, '127.0.0.1:1', 'test', 0,"
                    + " TIMESTAMPADD(MICROSECOND, 3600000000, CURRENT_TIMESTAMP(3)), FALSE)")) {
                s.setString(1, OTHER);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE session_leases SET owner_node = ?,"
                    + " generation = generation + 1 WHERE tenant_id = ? AND session_id = ?")) {
                s.setString(1, OTHER);
                s.setString(2, key.tenantId());
                s.setString(3, key.sessionId());
                assertEquals(1, s.executeUpdate());
            }
        }

        WapiException refused = assertThrows(WapiException.class, () -> fence.require(key, generation));
        assertEquals(ErrorCode.SESSION_MOVING, refused.code());
        Api.Response send = api.post(
                "/api/whatsapp/session/fenced/send", tenant.key(), "{\"to\":\"919876543210\",\"message\":\"b\"}");
        // Refused by the fence (503 SESSION_MOVING) or, once the lease keeper closed the connection, not ready here.
        assertEquals(true, send.status() == 503 || send.status() == 409, send.toString());
        if (send.status() == 503) {
            assertEquals("SESSION_MOVING", send.code());
            assertEquals(1, ((Number) send.get("retryAfterSeconds")).intValue(), send.toString());
        }
        @SuppressWarnings("unchecked")
        java.util.List<Object> delivered = (java.util.List<Object>)
                api.get("/api/sandbox/session/fenced/delivered", tenant.key()).get("messages");
        assertEquals(1, delivered.size(), "only the send made under the lease reached the network: " + delivered);
    }
}
