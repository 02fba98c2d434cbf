package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.BaileysCreds;
import cloud.wapiconnect.util.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged server on the whatsapp engine, with its real bridge from this checkout and no route to
 * WhatsApp: WhatsApp Web is a local port that accepts connections and never answers (the worst case, a
 * black hole; a refused or unresolvable address only fails faster).
 */
class WhatsAppEngineIT {
    private static final String DATABASE = "wapi_test_whatsapp";
    private static final long CONNECT_TIMEOUT_MS = 2000;

    private static BlackHole whatsApp;
    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        whatsApp = new BlackHole();
        server = new ServerProcess(environment(whatsApp.url()), ServerProcess.logFile("whatsapp-engine-server").toPath()).start();
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
        assertEquals(200, api.post("/api/whatsapp/session", key, "{\"sessionId\":\"offline\"}").status());
        Api.Response down = api.awaitStatus(key, "offline", "disconnected");
        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals("connection_lost", down.get("reason"));
        assertTrue(tookMs < CONNECT_TIMEOUT_MS + 3000, "disconnected after " + tookMs + " ms");

        int attempts = whatsApp.accepted();
        await(() -> whatsApp.accepted() >= attempts + 2, Duration.ofSeconds(10), "the session to keep retrying");

        // The API answers at once while the session retries.
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            assertEquals(200, api.get("/api/whatsapp/sessions", key).status());
            assertTrue(Duration.ofNanos(System.nanoTime() - t).toMillis() < 1000);
        }
        assertEquals("SESSION_NOT_READY", api.post("/api/whatsapp/session/offline/send", key,
                "{\"to\":\"919876543210\",\"message\":\"x\"}").code());
        assertEquals("SESSION_NOT_READY", api.post("/api/whatsapp/session/offline/pairing-code", key,
                "{\"phoneNumber\":\"919876543210\"}").code());
        assertEquals("INVALID_REQUEST", api.post("/api/whatsapp/session/offline/pairing-code", key,
                "{\"phoneNumber\":\"12\"}").code());

        // Disconnecting stops the retries: nothing is left running for it.
        assertEquals(200, api.post("/api/whatsapp/session/offline/disconnect", key, null).status());
        await(() -> bridgeSessions() == 0, Duration.ofSeconds(5), "the bridge to drop the session");
    }

    @Test
    void killingTheBridgeRestartsItAndItsSessionsComeBack() {
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"survivor\"}");
        await(() -> bridgeSessions() >= 1, Duration.ofSeconds(10), "the session on the bridge");
        long pid = ((Number) bridgeCheck().get("pid")).longValue();
        int restarts = ((Number) bridgeCheck().get("restarts")).intValue();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye on the link

        await(() -> bridgeCheck().get("pid") instanceof Number now && now.longValue() != pid,
                Duration.ofSeconds(20), "a new bridge process");
        assertEquals(restarts + 1, ((Number) bridgeCheck().get("restarts")).intValue());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        assertEquals(200, api.get("/api/whatsapp/sessions", key).status());
        int attempts = whatsApp.accepted();
        await(() -> bridgeSessions() >= 1 && whatsApp.accepted() > attempts, Duration.ofSeconds(15),
                "the session started again on the new bridge");
        assertEquals("disconnected", api.get("/api/whatsapp/session/survivor/status", key).get("status"));
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

    private static void await(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Timed out waiting for " + what);
    }

    private static Map<String, String> environment(String whatsAppUrl) throws Exception {
        String url = System.getProperty("WAPI_DB_URL");
        String user = System.getProperty("WAPI_DB_USER");
        String password = System.getProperty("WAPI_DB_PASSWORD", "");
        String dbServer = url.substring(0, url.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(dbServer, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
        Map<String, String> env = new HashMap<>();
        env.put("WAPI_DB_URL", dbServer + DATABASE);
        env.put("WAPI_DB_USER", user);
        env.put("WAPI_DB_PASSWORD", password);
        env.put("WAPI_ADMIN_KEY", Api.ADMIN_KEY);
        env.put("WAPI_DATA_DIR", Path.of("target", "whatsapp-data").toAbsolutePath().toString());
        env.put("WAPI_ENGINE", "whatsapp");
        env.put("WAPI_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        env.put("WAPI_BRIDGE_DIR", BaileysCreds.BRIDGE_DIR.toString());
        env.put("WAPI_BRIDGE_WS_URL", whatsAppUrl);
        env.put("WAPI_BRIDGE_CONNECT_TIMEOUT_MS", String.valueOf(CONNECT_TIMEOUT_MS));
        env.put("WAPI_BRIDGE_RECONNECT_MIN_MS", "300");
        env.put("WAPI_BRIDGE_RECONNECT_MAX_MS", "1000");
        env.put("WAPI_BRIDGE_HEALTH_INTERVAL_MS", "300");
        env.put("WAPI_BRIDGE_CALL_TIMEOUT_MS", "3000");
        return env;
    }

    /** Accepts TCP connections and never says a word. */
    private static final class BlackHole implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new ArrayList<>();

        BlackHole() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "ws://127.0.0.1:" + socket.getLocalPort() + "/ws/chat";
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
