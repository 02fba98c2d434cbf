package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.BlackHole;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.Poll;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WhatsAppServers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on the whatsapp engine, with its real bridge from this checkout and no route to
 * WhatsApp: WhatsApp Web is a {@link BlackHole}. The checks both engines share are in {@code EngineContract}.
 */
@DatabaseAgnostic
class WhatsAppEngineIT {
    private static final String DATABASE = "wapi_test_whatsapp";
    private static final long CONNECT_TIMEOUT_MS = WhatsAppServers.CONNECT_TIMEOUT_MS;

    private static BlackHole whatsApp;
    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        whatsApp = new BlackHole();
        server = new ServerProcess(
                        WhatsAppServers.environment(DATABASE, whatsApp.url()),
                        ServerProcess.logFile("whatsapp-engine-server").toPath())
                .start();
        api = new Api(server.uri());
        key = api.tenant("business").key();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        whatsApp.close();
    }

    @Test
    void withoutARouteASessionGoesDisconnectedWithinTheDeadlineRetriesAndTheApiKeepsAnswering() {
        long started = System.nanoTime();
        assertEquals(
                200,
                api.post("/api/whatsapp/session", key, "{\"sessionId\":\"offline\"}")
                        .status());
        Api.Response down = api.awaitStatus(key, "offline", "disconnected");
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals("connection_lost", down.get("reason"));
        assertTrue(tookMs < CONNECT_TIMEOUT_MS + 3000, "disconnected after " + tookMs + " ms");

        int attempts = whatsApp.accepted();
        Poll.until(() -> whatsApp.accepted() >= attempts + 2, Duration.ofSeconds(10), "the session to keep retrying");

        // The API answers at once while the session retries.
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            assertEquals(200, api.get("/api/whatsapp/sessions", key).status());
            assertTrue(Duration.ofNanos(System.nanoTime() - t).toMillis() < 1000);
        }
        assertEquals(
                "SESSION_NOT_READY",
                api.post("/api/whatsapp/session/offline/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                        .code());
        assertEquals(
                "SESSION_NOT_READY",
                api.post("/api/whatsapp/session/offline/pairing-code", key, "{\"phoneNumber\":\"919876543210\"}")
                        .code());
        assertEquals(
                "INVALID_REQUEST",
                api.post("/api/whatsapp/session/offline/pairing-code", key, "{\"phoneNumber\":\"12\"}")
                        .code());

        // Disconnecting stops the retries: nothing is left running for it.
        assertEquals(
                200,
                api.post("/api/whatsapp/session/offline/disconnect", key, null).status());
        Poll.until(() -> bridgeSessions() == 0, Duration.ofSeconds(5), "the bridge to drop the session");
    }

    @Test
    void killingTheBridgeRestartsItAndItsSessionsComeBack() {
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"survivor\"}");
        Poll.until(() -> bridgeSessions() >= 1, Duration.ofSeconds(10), "the session on the bridge");
        long pid = ((Number) bridgeCheck().get("pid")).longValue();
        int restarts = ((Number) bridgeCheck().get("restarts")).intValue();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye on the link

        Poll.until(
                () -> bridgeCheck().get("pid") instanceof Number now && now.longValue() != pid,
                Duration.ofSeconds(20),
                "a new bridge process");
        assertEquals(restarts + 1, ((Number) bridgeCheck().get("restarts")).intValue());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        assertEquals(200, api.get("/api/whatsapp/sessions", key).status());
        int attempts = whatsApp.accepted();
        Poll.until(
                () -> bridgeSessions() >= 1 && whatsApp.accepted() > attempts,
                Duration.ofSeconds(15),
                "the session started again on the new bridge");
        assertEquals(
                "disconnected",
                api.get("/api/whatsapp/session/survivor/status", key).get("status"));
        assertNotEquals(pid, ((Number) bridgeCheck().get("pid")).longValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bridgeCheck() {
        Api.Response health = api.send("GET", "/health/ready", Map.of(), null);
        for (Map<String, Object> check : (List<Map<String, Object>>) health.get("checks")) {
            if ("bridge".equals(check.get("name"))) {
                return (Map<String, Object>) check.get("data");
            }
        }
        throw new AssertionError("no bridge health check: " + health);
    }

    private static int bridgeSessions() {
        Object sessions = bridgeCheck().get("sessions");
        return sessions == null ? -1 : ((Number) sessions).intValue();
    }
}
