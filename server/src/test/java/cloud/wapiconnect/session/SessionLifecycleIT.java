package cloud.wapiconnect.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QR rotation and expiry, drops, unlinking and restarts, with the sandbox's clocks sped up. */
@HelidonTest
@AddConfig(key = "WAPI_SANDBOX_QR_INTERVAL_MS", value = "400")
@AddConfig(key = "WAPI_SANDBOX_QR_MAX_CODES", value = "3")
@AddConfig(key = "WAPI_SANDBOX_RECONNECT_DELAY_MS", value = "300")
class SessionLifecycleIT {
    @Inject
    WebTarget target;

    @Inject
    SessionService sessions;

    private Api api;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
    }

    @Test
    void qrCodesRotateAndExpireIntoDisconnected() {
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"lazy\"}");
        String first = (String) api.awaitStatus(key, "lazy", "qr_ready").get("qr");
        Api.Response rotated = Api.await(
                () -> api.get("/api/whatsapp/session/lazy/status", key),
                r -> r.get("qr") != null && !first.equals(r.get("qr")),
                "a new QR code");
        assertNotEquals(first, rotated.get("qr"));

        Api.Response expired = api.awaitStatus(key, "lazy", "disconnected");
        assertEquals("qr_timeout", expired.get("reason"));
        assertNull(expired.get("qrCode"));
        assertEquals(
                "SESSION_NOT_READY",
                api.post("/api/sandbox/session/lazy/scan", key, "{\"phoneNumber\":\"919800000030\"}")
                        .code());

        // Creating it again starts a new round of QR codes.
        assertEquals(
                false,
                api.post("/api/whatsapp/session", key, "{\"sessionId\":\"lazy\"}")
                        .get("isNew"));
        api.awaitStatus(key, "lazy", "qr_ready");
    }

    @Test
    void aPairingCodeIsGivenOnlyWhileTheSessionWaitsToBeLinked() {
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"paired\"}");
        api.awaitStatus(key, "paired", "qr_ready");
        Api.Response code =
                api.post("/api/whatsapp/session/paired/pairing-code", key, "{\"phoneNumber\":\"+919800000035\"}");
        assertEquals(200, code.status(), code.toString());
        assertTrue(((String) code.get("pairingCode")).matches("[A-Z0-9]{4}-[A-Z0-9]{4}"), code.toString());
        assertEquals(
                "INVALID_REQUEST",
                api.post("/api/whatsapp/session/paired/pairing-code", key, "{\"phoneNumber\":\"abc\"}")
                        .code());

        api.readySession(key, "linked-already", "919800000036");
        assertEquals(
                "SESSION_ALREADY_LINKED",
                api.post("/api/whatsapp/session/linked-already/pairing-code", key, "{\"phoneNumber\":\"919800000036\"}")
                        .code());
        assertEquals(
                "SESSION_NOT_FOUND",
                api.post("/api/whatsapp/session/nobody/pairing-code", key, "{\"phoneNumber\":\"919800000036\"}")
                        .code());
    }

    @Test
    void aDroppedConnectionComesBackWithoutAQr() {
        api.readySession(key, "flaky", "919800000031");
        assertEquals(
                200,
                api.post("/api/sandbox/session/flaky/connection-lost", key, null)
                        .status());
        Api.Response status = api.get("/api/whatsapp/session/flaky/status", key);
        assertEquals("disconnected", status.get("status"));
        assertEquals("connection_lost", status.get("reason"));
        assertEquals(
                "SESSION_NOT_READY",
                api.post("/api/whatsapp/session/flaky/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                        .code());
        Api.Response back = api.awaitStatus(key, "flaky", "ready");
        assertEquals("919800000031", back.get("phoneNumber"));
        assertEquals(
                200,
                api.post("/api/whatsapp/session/flaky/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                        .status());
    }

    @Test
    void unlinkingFromThePhoneNeedsANewQr() {
        api.readySession(key, "unlinked", "919800000032");
        assertEquals(
                200,
                api.post("/api/sandbox/session/unlinked/logged-out", key, null).status());
        Api.Response status = api.get("/api/whatsapp/session/unlinked/status", key);
        assertEquals("disconnected", status.get("status"));
        assertEquals("logged_out", status.get("reason"));
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"unlinked\"}");
        api.awaitStatus(key, "unlinked", "qr_ready");
    }

    @Test
    void aRestartRestoresLinkedSessionsWithoutAQr() {
        api.readySession(key, "durable", "919800000033");
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"waiting\"}");
        api.awaitStatus(key, "waiting", "qr_ready");
        api.readySession(key, "parked", "919800000034");
        api.post("/api/whatsapp/session/parked/disconnect", key, null);

        sessions.closeAll(); // what a shutdown does
        sessions.restoreAll("test"); // what the next start-up does

        assertEquals("919800000033", api.awaitStatus(key, "durable", "ready").get("phoneNumber"));
        assertEquals(
                "disconnected",
                api.get("/api/whatsapp/session/waiting/status", key).get("status"),
                "a QR that was never scanned does not survive a restart");
        assertEquals(
                "disconnected",
                api.get("/api/whatsapp/session/parked/status", key).get("status"),
                "a session disconnected on purpose stays disconnected");
        assertEquals(
                200,
                api.post("/api/whatsapp/session/durable/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                        .status());
    }
}
