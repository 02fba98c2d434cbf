package cloud.wapiconnect.engine;

import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * differ only because one reaches its network and the other cannot, the engine says what to expect; a check
 * that needs a linked phone is skipped (an assumption, reported as skipped) on an engine that cannot link one.
 */
public abstract class EngineContract {
    private static final Set<String> REASONS =
            Set.of("connection_lost", "logged_out", "qr_timeout", "replaced", "banned", "closed");

    protected Api.TestTenant tenant;

    /** The API of a server running the engine under test. */
    protected abstract Api api();

    /** The JDBC URL of that server's database. */
    protected abstract String databaseUrl();

    /** What a new session shows once it leaves {@code initializing}: {@code qr_ready}, or {@code disconnected} without a network. */
    protected abstract String linkingStatus();

    /** Links the session to a phone if the engine can without a network; false if it cannot. */
    protected abstract boolean link(String sessionId, String phone);

    /**
     * Has the linked phone receive a text message from {@code from} if the engine can without a network:
     * the message id, or null if it cannot.
     */
    protected abstract String receive(String sessionId, String from, String body);

    /** Skips the rest of the test, shown as skipped, on an engine that cannot link a phone without a network. */
    private void assumeLinked(String sessionId, String phone) {
        assumeTrue(link(sessionId, phone), "this engine cannot link a phone without reaching WhatsApp");
    }

    /**
     * On the embedded pass the server's process holds its H2 file locked, so its rows cannot be read from
     * here: the checks of stored rows skip there and run on the MariaDB pass.
     */
    private static void assumeDatabaseReadable() {
        assumeFalse(TestDatabase.embedded(), "the server holds its embedded database locked");
    }

    @BeforeEach
    void newTenant() {
        tenant = api().tenant("business");
    }

    private Api.Response create(String sessionId) {
        Api.Response created =
                api().post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"" + sessionId + "\"}");
        assertEquals(200, created.status(), created.toString());
        return created;
    }

    private Api.Response awaitLinking(String sessionId) {
        Api.Response r = Api.await(
                () -> api().get("/api/whatsapp/session/" + sessionId + "/status", tenant.key()),
                s -> !"initializing".equals(s.get("status")),
                "the session to leave initializing");
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
        List<Map<String, Object>> listed = (List<Map<String, Object>>)
                api().get("/api/whatsapp/sessions", tenant.key()).get("sessions");
        assertEquals(
                List.of("fresh"), listed.stream().map(s -> s.get("sessionId")).toList());
    }

    @Test
    void aSessionThatIsNotReadyNeitherSendsNorDownloadsMedia() {
        create("waiting");
        awaitLinking("waiting");
        for (int round = 0; round < 2; round++) {
            Api.Response send = api().post(
                            "/api/whatsapp/session/waiting/send",
                            tenant.key(),
                            "{\"to\":\"919876543210\",\"message\":\"hello\"}");
            assertEquals(409, send.status(), send.toString());
            assertEquals("SESSION_NOT_READY", send.code());
            Api.Response media = api().get("/api/whatsapp/session/waiting/media/3EB0ANYTHING", tenant.key());
            assertEquals(409, media.status(), media.toString());
            assertEquals("SESSION_NOT_READY", media.code());
            // Nor edits, revokes or forwards anything.
            String message = "/api/whatsapp/session/waiting/messages/3EB0ANYTHING";
            for (Api.Response change : List.of(
                    api().post(message + "/edit", tenant.key(), "{\"message\":\"hello\"}"),
                    api().delete(message, tenant.key()),
                    api().post(message + "/forward", tenant.key(), "{\"to\":\"919876543210\"}"))) {
                assertEquals(409, change.status(), change.toString());
                assertEquals("SESSION_NOT_READY", change.code());
            }
            // The same once the session is explicitly disconnected.
            assertEquals(
                    200,
                    api().post("/api/whatsapp/session/waiting/disconnect", tenant.key(), null)
                            .status());
        }
    }

    @Test
    void aPairingCodeIsGivenOnlyToASessionWaitingForALink() {
        create("pairing");
        Api.Response linking = awaitLinking("pairing");
        Api.Response code = api().post(
                        "/api/whatsapp/session/pairing/pairing-code",
                        tenant.key(),
                        "{\"phoneNumber\":\"+919800000035\"}");
        if ("qr_ready".equals(linking.get("status"))) {
            assertEquals(200, code.status(), code.toString());
            assertTrue(((String) code.get("pairingCode")).matches("[A-Z0-9]{4}-[A-Z0-9]{4}"), code.toString());
        } else {
            assertEquals("SESSION_NOT_READY", code.code(), "not in touch with WhatsApp: " + code);
        }
        assertEquals(
                "INVALID_REQUEST",
                api().post("/api/whatsapp/session/pairing/pairing-code", tenant.key(), "{\"phoneNumber\":\"12\"}")
                        .code());
        assertEquals(
                "SESSION_NOT_FOUND",
                api().post(
                                "/api/whatsapp/session/nobody/pairing-code",
                                tenant.key(),
                                "{\"phoneNumber\":\"919800000035\"}")
                        .code());

        api().post("/api/whatsapp/session/pairing/disconnect", tenant.key(), null);
        assertEquals(
                "SESSION_NOT_READY",
                api().post(
                                "/api/whatsapp/session/pairing/pairing-code",
                                tenant.key(),
                                "{\"phoneNumber\":\"919800000035\"}")
                        .code());
    }

    @Test
    void aLinkedSessionIsGivenNoPairingCode() {
        assumeLinked("linked", "919800000036");
        assertEquals(
                "SESSION_ALREADY_LINKED",
                api().post(
                                "/api/whatsapp/session/linked/pairing-code",
                                tenant.key(),
                                "{\"phoneNumber\":\"919800000036\"}")
                        .code());
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
    void deletingASessionForgetsIt() {
        create("doomed");
        awaitLinking("doomed");

        assertEquals(
                200, api().delete("/api/whatsapp/session/doomed", tenant.key()).status());
        assertEquals(
                "SESSION_NOT_FOUND",
                api().get("/api/whatsapp/session/doomed/status", tenant.key()).code());

        // Created again, it is a new session that needs a new link.
        assertEquals(true, create("doomed").get("isNew"));
        awaitLinking("doomed");
    }

    /** Whatever a session never linked stored (an engine may keep key material before any link) goes with it. */
    @Test
    void deletingASessionLeavesNoCredentialsBehind() throws SQLException {
        assumeDatabaseReadable();
        create("unlinked");
        awaitLinking("unlinked");
        assertEquals(
                200,
                api().delete("/api/whatsapp/session/unlinked", tenant.key()).status());
        assertFalse(credentialsStored("unlinked"), "credentials outlive their session");
    }

    @Test
    void deletingALinkedSessionForgetsItsCredentials() throws SQLException {
        assumeDatabaseReadable();
        assumeLinked("doomed", "919800000037");
        assertTrue(credentialsStored("doomed"), "a linked session keeps credentials");

        assertEquals(
                200, api().delete("/api/whatsapp/session/doomed", tenant.key()).status());
        assertEquals(
                "SESSION_NOT_FOUND",
                api().get("/api/whatsapp/session/doomed/status", tenant.key()).code());
        assertFalse(credentialsStored("doomed"), "credentials outlive their session");

        // Created again, it is a new session that needs a new link.
        assertEquals(true, create("doomed").get("isNew"));
        awaitLinking("doomed");
    }

    @Test
    void aReadySessionSendsAndTheAcksMoveTheMessageForwardToRead() {
        assumeLinked("sender", "919800000038");
        Api.Response sent = api().post(
                        "/api/whatsapp/session/sender/send",
                        tenant.key(),
                        "{\"to\":\"+91 98000-00039\",\"message\":\"contract\"}");
        assertEquals(200, sent.status(), sent.toString());
        assertEquals(true, sent.get("success"));
        String messageId = (String) sent.get("messageId");
        assertFalse(messageId == null || messageId.isBlank(), sent.toString());

        // The engine's acks (sent, delivered, read) reach the log; a status only moves forward, so read is the end.
        Api.Response logged = Api.await(
                () -> api().get("/api/whatsapp/messages?sessionId=sender", tenant.key()),
                r -> "read".equals(newestMessage(r).get("status")),
                "the engine to ack the message as read");
        Map<String, Object> entry = newestMessage(logged);
        assertEquals(messageId, entry.get("messageId"));
        assertEquals("outgoing", entry.get("direction"));
        assertEquals("text", entry.get("type"));
        assertEquals("contract", entry.get("message"));
        assertEquals("919800000039", entry.get("to"));
        assertEquals("919800000038", entry.get("from"));
        assertEquals(1, ((Number) logged.get("total")).intValue(), logged.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReadySessionEditsAndRevokesOnlyItsOwnMessages() {
        assumeLinked("editor", "919800000042");
        String messages = "/api/whatsapp/session/editor/messages/";
        String sent = (String) api().post(
                        "/api/whatsapp/session/editor/send",
                        tenant.key(),
                        "{\"to\":\"919800000043\",\"message\":\"draft\"}")
                .get("messageId");
        Api.Response edited = api().post(messages + sent + "/edit", tenant.key(), "{\"message\":\"final\"}");
        assertEquals(200, edited.status(), edited.toString());
        assertEquals("final", ((Map<String, Object>) edited.get("message")).get("message"));
        Api.Response revoked = api().delete(messages + sent, tenant.key());
        assertEquals(200, revoked.status(), revoked.toString());
        assertTrue(((Map<String, Object>) revoked.get("message")).containsKey("revokedAt"));
        assertEquals(
                "final",
                newestMessage(api().get("/api/whatsapp/messages?sessionId=editor", tenant.key()))
                        .get("message"));

        String received = receive("editor", "919800000043", "not yours to change");
        assumeTrue(received != null, "this engine cannot have the phone receive a message without WhatsApp");
        Api.Response refused = Api.await(
                () -> api().post(messages + received + "/edit", tenant.key(), "{\"message\":\"x\"}"),
                r -> !"MESSAGE_NOT_FOUND".equals(r.code()),
                "the received message in the log");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("NOT_OWN_MESSAGE", refused.code());
        assertEquals(
                "NOT_OWN_MESSAGE",
                api().delete(messages + received, tenant.key()).code());
    }

    @Test
    void anIncomingMessageIsLoggedAsReceived() {
        assumeLinked("receiver", "919800000040");
        String messageId = receive("receiver", "919800000041", "hello from a customer");
        assumeTrue(messageId != null, "this engine cannot have the phone receive a message without WhatsApp");

        Api.Response inbox = Api.await(
                () -> api().get("/api/whatsapp/messages?direction=incoming&sessionId=receiver", tenant.key()),
                r -> !newestMessage(r).isEmpty(),
                "the incoming message in the log");
        Map<String, Object> entry = newestMessage(inbox);
        assertEquals(messageId, entry.get("messageId"));
        assertEquals("incoming", entry.get("direction"));
        assertEquals("received", entry.get("status"));
        assertEquals("text", entry.get("type"));
        assertEquals("hello from a customer", entry.get("message"));
        assertEquals("919800000041", entry.get("from"));
        assertEquals("919800000040", entry.get("to"));
        assertEquals(1, ((Number) inbox.get("total")).intValue(), inbox.toString());
    }

    /** Whether anything of the session's identity is stored: the session row's credentials or the auth state. */
    private boolean credentialsStored(String sessionId) throws SQLException {
        String sql =
                "SELECT (SELECT COUNT(*) FROM sessions WHERE tenant_id = ? AND session_id = ? AND credentials IS NOT NULL)"
                        + " + (SELECT COUNT(*) FROM auth_state WHERE tenant_id = ? AND session_id = ?)";
        try (Connection c = DriverManager.getConnection(
                        databaseUrl(), System.getProperty("WAPI_DB_USER"), System.getProperty("WAPI_DB_PASSWORD", ""));
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
