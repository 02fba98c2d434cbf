package cloud.wapiconnect.session;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.CreateSessionRequest;
import cloud.wapiconnect.proto.v1.CreateSessionResponse;
import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy per session (issue 18) on the sandbox engine, over real HTTP and gRPC and the real database: the proxy is
 * masked in every answer, its credentials are sealed in the database and never logged, the sandbox reaches its
 * network through it (a TCP connection that the test's listener sees), an unreachable proxy is {@code proxy_failed}
 * (status, webhook) and a PATCH reconnects through the new one. Private networks are allowed here (the proxies listen
 * on loopback); {@link SessionProxyGuardIT} proves the guard with them refused.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_SANDBOX_RECONNECT_DELAY_MS", value = "300")
class SessionProxyIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    WebTarget target;

    private Api api;
    private String key;
    private String tenantId;
    private String password;
    private final LogCapture logs = new LogCapture();

    @BeforeEach
    void setUp() {
        api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("business");
        key = tenant.key();
        tenantId = tenant.id();
        password = "pw-" + HexFormat.of().formatHex(java.security.SecureRandom.getSeed(8));
        Logger.getLogger("").addHandler(logs);
    }

    @AfterEach
    void noPasswordInTheLog() {
        Logger.getLogger("").removeHandler(logs);
        assertFalse(logs.contains(password), "the server log never shows the proxy's password");
    }

    @Test
    void aProxyIsMaskedInAnswersSealedInTheDatabaseAndCarriesTheConnection() throws Exception {
        try (FakeProxy proxy = new FakeProxy()) {
            String url = "socks5://alice:" + password + "@127.0.0.1:" + proxy.port();
            Api.Response created =
                    api.post("/api/whatsapp/session", key, "{\"sessionId\":\"proxied\",\"proxy\":\"" + url + "\"}");
            assertEquals(200, created.status(), created.toString());
            String masked = "socks5://***@127.0.0.1:" + proxy.port();
            assertEquals(masked, created.get("proxy"));
            assertFalse(created.body().contains(password));

            // The sandbox reached its network through the proxy: a QR code, and the proxy saw the connection.
            api.awaitStatus(key, "proxied", "qr_ready");
            assertTrue(proxy.accepted() >= 1, "the proxy saw the session's connection");
            api.post("/api/sandbox/session/proxied/scan", key, "{\"phoneNumber\":\"919800000181\"}");
            Api.Response ready = api.awaitStatus(key, "proxied", "ready");
            assertEquals(masked, ready.get("proxy"));
            Api.Response list = api.get("/api/whatsapp/sessions", key);
            assertTrue(list.body().contains("\"proxy\":\"" + masked + "\""), list.body());
            assertFalse(list.body().contains(password));
            assertFalse(list.body().contains("alice"), "the user name is masked too");

            // A session without a proxy shows none.
            api.post("/api/whatsapp/session", key, "{\"sessionId\":\"direct\"}");
            assertNull(api.awaitStatus(key, "direct", "qr_ready").get("proxy"));

            String[] stored = storedProxy("proxied");
            assertEquals("socks5://127.0.0.1:" + proxy.port(), stored[0], "the address is stored without credentials");
            assertNotNull(stored[1], "the credentials are stored");
            assertFalse(stored[1].contains(password), "sealed, not in clear");
            assertFalse(stored[1].contains("alice"), "the user name is sealed with the password");
        }
    }

    @Test
    void anUnreachableProxyIsProxyFailedInTheStatusAndTheWebhookAndAPatchRecoversIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                FakeProxy working = new FakeProxy()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"disconnected\"]}")
                            .status());
            int closed = closedPort();
            long started = System.nanoTime();
            api.post(
                    "/api/whatsapp/session",
                    key,
                    "{\"sessionId\":\"blocked\",\"proxy\":\"http://bob:" + password + "@127.0.0.1:" + closed + "\"}");
            Api.Response failed = api.awaitStatus(key, "blocked", "disconnected");
            assertEquals("proxy_failed", failed.get("reason"));
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0,
                    "a refused proxy is reported at once, not after a hang");
            List<Received> hooks = receiver.await(
                    r -> r.stream()
                            .anyMatch(x -> "disconnected".equals(x.event())
                                    && "proxy_failed".equals(x.data().get("reason"))),
                    WAIT,
                    "a disconnected webhook with reason proxy_failed");
            assertFalse(hooks.stream().anyMatch(h -> h.body().contains(password)));
            assertTrue(
                    logs.contains("cannot reach its proxy http://***@127.0.0.1:" + closed),
                    "the log names the proxy, masked (and the capture sees the server's log)");
            // Reported once per outage, although the sandbox keeps trying every 300 ms.
            Thread.sleep(1000);
            assertEquals(
                    1,
                    receiver.received().stream()
                            .filter(x -> "disconnected".equals(x.event()))
                            .count());

            // Changing the proxy reconnects through the new one at once.
            Api.Response patched = api.send(
                    "PATCH",
                    "/api/whatsapp/session/blocked",
                    Map.of("X-API-Key", key),
                    "{\"proxy\":\"http://127.0.0.1:" + working.port() + "\"}");
            assertEquals(200, patched.status(), patched.toString());
            assertEquals("http://127.0.0.1:" + working.port(), patched.get("proxy"));
            api.awaitStatus(key, "blocked", "qr_ready");
            assertTrue(working.accepted() >= 1, "the new proxy carries the connection");
            assertNull(storedProxy("blocked")[1], "no credentials any more");
        }
    }

    @Test
    void patchingALiveSessionReconnectsItThroughTheNewProxyAndNullRemovesIt() throws Exception {
        try (FakeProxy first = new FakeProxy();
                FakeProxy second = new FakeProxy()) {
            api.post(
                    "/api/whatsapp/session",
                    key,
                    "{\"sessionId\":\"moving\",\"proxy\":\"socks5://127.0.0.1:" + first.port() + "\"}");
            api.awaitStatus(key, "moving", "qr_ready");
            api.post("/api/sandbox/session/moving/scan", key, "{\"phoneNumber\":\"919800000182\"}");
            api.awaitStatus(key, "moving", "ready");
            int before = second.accepted();

            Api.Response patched = api.send(
                    "PATCH",
                    "/api/whatsapp/session/moving",
                    Map.of("X-API-Key", key),
                    "{\"proxy\":\"socks5://carol:" + password + "@127.0.0.1:" + second.port() + "\"}");
            assertEquals(200, patched.status(), patched.toString());
            assertEquals("socks5://***@127.0.0.1:" + second.port(), patched.get("proxy"));
            Api.await(
                    () -> api.get("/api/whatsapp/session/moving/status", key),
                    r -> second.accepted() > before,
                    "a connection through the new proxy");
            // The link is kept: ready again without a QR code.
            api.awaitStatus(key, "moving", "ready");

            Api.Response removed =
                    api.send("PATCH", "/api/whatsapp/session/moving", Map.of("X-API-Key", key), "{\"proxy\":null}");
            assertEquals(200, removed.status(), removed.toString());
            assertNull(removed.get("proxy"));
            api.awaitStatus(key, "moving", "ready");
            assertNull(storedProxy("moving")[0]);

            assertError(
                    api.send("PATCH", "/api/whatsapp/session/moving", Map.of("X-API-Key", key), "{}"),
                    400,
                    "INVALID_REQUEST");
            assertError(
                    api.send("PATCH", "/api/whatsapp/session/moving", Map.of("X-API-Key", key), "{\"proxy\":42}"),
                    400,
                    "INVALID_REQUEST");
            assertError(
                    api.send("PATCH", "/api/whatsapp/session/nope", Map.of("X-API-Key", key), "{\"proxy\":null}"),
                    404,
                    "SESSION_NOT_FOUND");
        }
    }

    @Test
    void malformedAndAlwaysForbiddenProxiesAreRefusedWithoutEchoingTheirCredentials() {
        for (String bad : List.of(
                "ftp://127.0.0.1:21",
                "socks4://127.0.0.1:1080",
                "socks5://127.0.0.1",
                "http://127.0.0.1:0",
                "http://127.0.0.1:8080/path",
                "socks5://u:" + password + "@:1080",
                "not a url " + password)) {
            Api.Response refused =
                    api.post("/api/whatsapp/session", key, "{\"sessionId\":\"bad\",\"proxy\":\"" + bad + "\"}");
            assertError(refused, 400, "INVALID_PROXY");
            assertFalse(refused.body().contains(password), refused.body());
        }
        // Link-local and metadata addresses are refused even with private networks allowed.
        for (String forbidden : List.of(
                "socks5://u:" + password + "@169.254.169.254:1080", "http://0.0.0.0:3128", "http://[fe80::1]:3128")) {
            Api.Response refused =
                    api.post("/api/whatsapp/session", key, "{\"sessionId\":\"bad\",\"proxy\":\"" + forbidden + "\"}");
            assertError(refused, 400, "PROXY_FORBIDDEN");
            assertFalse(refused.body().contains(password), refused.body());
        }
        assertEquals(404, api.get("/api/whatsapp/session/bad/status", key).status(), "nothing was created");
    }

    @Test
    void anotherTenantCannotSeeOrChangeTheProxy() throws Exception {
        try (FakeProxy proxy = new FakeProxy()) {
            api.post(
                    "/api/whatsapp/session",
                    key,
                    "{\"sessionId\":\"mine\",\"proxy\":\"socks5://127.0.0.1:" + proxy.port() + "\"}");
            String other = api.tenant("business").key();
            assertError(
                    api.send(
                            "PATCH",
                            "/api/whatsapp/session/mine",
                            Map.of("X-API-Key", other),
                            "{\"proxy\":\"socks5://127.0.0.1:1\"}"),
                    404,
                    "SESSION_NOT_FOUND");
            assertEquals(
                    404, api.get("/api/whatsapp/session/mine/status", other).status());
            assertEquals(
                    "socks5://127.0.0.1:" + proxy.port(),
                    api.get("/api/whatsapp/session/mine/status", key).get("proxy"));
        }
    }

    @Test
    void grpcCreatesAndChangesTheProxyLikeRest() throws Exception {
        try (FakeProxy proxy = new FakeProxy();
                WapiClient grpc = Grpc.client(target.getUri(), key)) {
            CreateSessionResponse created = grpc.createSession(CreateSessionRequest.newBuilder()
                    .setSessionId("grpc-proxied")
                    .setProxy("http://dave:" + password + "@127.0.0.1:" + proxy.port())
                    .build());
            String masked = "http://***@127.0.0.1:" + proxy.port();
            assertEquals(masked, created.getProxy());
            api.awaitStatus(key, "grpc-proxied", "qr_ready");
            assertEquals(masked, grpc.sessionStatus("grpc-proxied").getProxy());
            assertEquals(
                    masked,
                    api.get("/api/whatsapp/session/grpc-proxied/status", key).get("proxy"));

            Session changed = grpc.setSessionProxy("grpc-proxied", "socks5://127.0.0.1:" + proxy.port());
            assertEquals("socks5://127.0.0.1:" + proxy.port(), changed.getProxy());
            assertEquals("", grpc.setSessionProxy("grpc-proxied", "").getProxy(), "\"\" removes it");

            WapiClientException forbidden = assertThrows(
                    WapiClientException.class,
                    () -> grpc.setSessionProxy("grpc-proxied", "socks5://169.254.169.254:1"));
            assertEquals(Status.Code.INVALID_ARGUMENT, forbidden.status());
            assertEquals("PROXY_FORBIDDEN", forbidden.code());
            WapiClientException invalid =
                    assertThrows(WapiClientException.class, () -> grpc.setSessionProxy("grpc-proxied", "ftp://x:1"));
            assertEquals("INVALID_PROXY", invalid.code());
            WapiClientException missing =
                    assertThrows(WapiClientException.class, () -> grpc.setSessionProxy("nope", "socks5://x.example:1"));
            assertEquals("SESSION_NOT_FOUND", missing.code());
        }
    }

    /** The proxy columns of a session, as a SELECT on the database shows them. */
    private String[] storedProxy(String sessionId) throws Exception {
        try (Connection c = TestDatabase.connectToInProcessServer();
                PreparedStatement s = c.prepareStatement(
                        "SELECT proxy_address, proxy_credentials FROM sessions WHERE session_id = ? AND tenant_id = ?")) {
            s.setString(1, sessionId);
            s.setString(2, tenantId);
            try (ResultSet r = s.executeQuery()) {
                String[] found = null;
                while (r.next()) {
                    String[] row = {r.getString(1), r.getString(2)};
                    for (String column : row) {
                        assertTrue(column == null || !column.contains(password), "no clear password in the row");
                    }
                    found = row;
                }
                assertNotNull(found, "the session's row");
                return found;
            }
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A TCP listener on loopback standing in for a proxy: counts the connections it accepts, and closes them. */
    static final class FakeProxy implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        FakeProxy() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Every log record of the server (it runs in this JVM), formatted as its log shows it, stack traces included. */
    static final class LogCapture extends Handler {
        private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            StringBuilder line = new StringBuilder(format.format(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            lines.add(line.toString());
        }

        boolean contains(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
