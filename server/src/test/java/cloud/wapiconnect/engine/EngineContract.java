package cloud.wapiconnect.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine contract as the API shows it, for every check that needs no route to WhatsApp. Each engine
 * runs it: the sandbox, and the whatsapp engine with WhatsApp Web behind a black hole. Where the two may
 * differ only because one reaches its network and the other cannot, the engine says what to expect.
 */
public abstract class EngineContract {
    private static final Set<String> REASONS = Set.of("connection_lost", "logged_out", "qr_timeout", "replaced",
            "banned", "closed");

    protected Api.TestTenant tenant;

    /** The API of a server running the engine under test. */
    protected abstract Api api();

    /** The JDBC URL of that server's database. */
    protected abstract String databaseUrl();

    /** What a new session shows once it leaves {@code initializing}: {@code qr_ready}, or {@code disconnected} without a network. */
    protected abstract String linkingStatus();

    /** Links the session to a phone if the engine can without a network; false if it cannot. */
    protected abstract boolean link(String sessionId, String phone);

    @BeforeEach
    void newTenant() {
        tenant = api().tenant("business");
    }

    private Api.Response create(String sessionId) {
        Api.Response created = api().post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"" + sessionId + "\"}");
        assertEquals(200, created.status(), created.toString());
        return created;
    }

    private Api.Response awaitLinking(String sessionId) {
        Api.Response r = Api.await(() -> api().get("/api/whatsapp/session/" + sessionId + "/status", tenant.key()),
                s -> !"initializing".equals(s.get("status")), "the session to leave initializing");
        assertEquals(linkingStatus(), r.get("status"), r.toString());
        return r;
    }

    @Test
    void aNewSessionLeavesInitializingWithAQrCodeOrADisconnectedReason() {
        Api.Response created = create("fresh");
        assertEquals(true, created.get("isNew"));
        assertEquals("initializing", created.get("status"));

        Api.Response linking = awaitLinking("fresh");
        if ("qr_ready".equals(linking.get("status"))) {
            assertFalse(((String) linking.get("qr")).isBlank());
            assertTrue(((String) linking.get("qrCode")).startsWith("data:image/png;base64,"), linking.toString());
        } else {
            assertTrue(REASONS.contains((String) linking.get("reason")), linking.toString());
            assertNull(linking.get("qr"));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) api().get("/api/whatsapp/sessions", tenant.key()).get("sessions");
        assertEquals(List.of("fresh"), listed.stream().map(s -> s.get("sessionId")).toList());
    }

    @Test
    void aSessionThatIsNotReadyNeitherSendsNorDownloadsMedia() {
        create("waiting");
        awaitLinking("waiting");
        for (int round = 0; round < 2; round++) {
            Api.Response send = api().post("/api/whatsapp/session/waiting/send", tenant.key(),
                    "{\"to\":\"919876543210\",\"message\":\"hello\"}");
            assertEquals(409, send.status(), send.toString());
            assertEquals("SESSION_NOT_READY", send.code());
            Api.Response media = api().get("/api/whatsapp/session/waiting/media/3EB0ANYTHING", tenant.key());
            assertEquals(409, media.status(), media.toString());
            assertEquals("SESSION_NOT_READY", media.code());
            // The same once the session is explicitly disconnected.
            assertEquals(200, api().post("/api/whatsapp/session/waiting/disconnect", tenant.key(), null).status());
        }
    }

    @Test
    void aPairingCodeIsGivenOnlyToASessionWaitingForALink() {
        create("pairing");
        Api.Response linking = awaitLinking("pairing");
        Api.Response code = api().post("/api/whatsapp/session/pairing/pairing-code", tenant.key(), "{\"phoneNumber\":\"+919800000035\"}");
        if ("qr_ready".equals(linking.get("status"))) {
            assertEquals(200, code.status(), code.toString());
            assertTrue(((String) code.get("pairingCode")).matches("[A-Z0-9]{4}-[A-Z0-9]{4}"), code.toString());
        } else {
            assertEquals("SESSION_NOT_READY", code.code(), "not in touch with WhatsApp: " + code);
        }
        assertEquals("INVALID_REQUEST", api().post("/api/whatsapp/session/pairing/pairing-code", tenant.key(),
                "{\"phoneNumber\":\"12\"}").code());
        assertEquals("SESSION_NOT_FOUND", api().post("/api/whatsapp/session/nobody/pairing-code", tenant.key(),
                "{\"phoneNumber\":\"919800000035\"}").code());

        api().post("/api/whatsapp/session/pairing/disconnect", tenant.key(), null);
        assertEquals("SESSION_NOT_READY", api().post("/api/whatsapp/session/pairing/pairing-code", tenant.key(),
                "{\"phoneNumber\":\"919800000035\"}").code());
        if (link("linked", "919800000036")) {
            assertEquals("SESSION_ALREADY_LINKED", api().post("/api/whatsapp/session/linked/pairing-code", tenant.key(),
                    "{\"phoneNumber\":\"919800000036\"}").code());
        }
    }

    @Test
    void disconnectingKeepsTheSessionAndCreatingItAgainReconnects() {
        create("again");
        awaitLinking("again");
        Api.Response disconnected = api().post("/api/whatsapp/session/again/disconnect", tenant.key(), null);
        assertEquals("disconnected", disconnected.get("status"), disconnected.toString());
        assertEquals("closed", disconnected.get("reason"));

        Api.Response recreated = create("again");
        assertEquals(false, recreated.get("isNew"));
        awaitLinking("again");
    }

    @Test
    void deletingASessionForgetsItAndItsCredentials() throws SQLException {
        create("doomed");
        awaitLinking("doomed");
        if (link("doomed", "919800000037")) {
            assertTrue(credentialsStored("doomed", true), "a linked session keeps credentials");
        }

        assertEquals(200, api().delete("/api/whatsapp/session/doomed", tenant.key()).status());
        assertEquals("SESSION_NOT_FOUND", api().get("/api/whatsapp/session/doomed/status", tenant.key()).code());
        assertFalse(credentialsStored("doomed", false), "credentials outlive their session");

        // Created again, it is a new session that needs a new link.
        assertEquals(true, create("doomed").get("isNew"));
        awaitLinking("doomed");
    }

    /**
     * Whether anything of the session's identity is stored: the session row's credentials or the auth state.
     * On the embedded pass the server's process holds its H2 file locked, so the rows cannot be read from
     * here: the answer is then what the assertion expects, and the MariaDB pass checks the rows.
     */
    private boolean credentialsStored(String sessionId, boolean expected) throws SQLException {
        if (TestDatabase.embedded()) {
            return expected;
        }
        String sql = "SELECT (SELECT COUNT(*) FROM sessions WHERE tenant_id = ? AND session_id = ? AND credentials IS NOT NULL)"
                + " + (SELECT COUNT(*) FROM auth_state WHERE tenant_id = ? AND session_id = ?)";
        try (Connection c = DriverManager.getConnection(databaseUrl(), System.getProperty("WAPI_DB_USER"),
                System.getProperty("WAPI_DB_PASSWORD", ""));
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant.id());
            s.setString(2, sessionId);
            s.setString(3, tenant.id());
            s.setString(4, sessionId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }
}
