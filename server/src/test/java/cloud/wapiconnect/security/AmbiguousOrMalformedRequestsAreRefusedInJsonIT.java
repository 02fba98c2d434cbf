package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.RawHttp;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, findings 5 and 8 (transport part), on the packaged server over raw sockets:
 * <ul>
 *     <li>request smuggling: a request whose body length is ambiguous (two different
 *     {@code Content-Length}s, {@code Content-Length} with {@code Transfer-Encoding: chunked}, and kin) is
 *     answered 400 in the error shape, its connection closed, and the request hidden in its body never runs
 *     (RFC 9112 §6.3);</li>
 *     <li>JSON nested 10,000 levels deep is a 400 on JSON endpoints, not a 500; {@code page=2147483647} is
 *     an empty page, not a 500;</li>
 *     <li>requests Helidon refuses before routing (a URI over 4 KB, a 100 KB header, 5,000 headers, a NUL,
 *     a folded header) get the documented error body.</li>
 * </ul>
 * Transport only: runs on the H2 pass.
 */
@DatabaseAgnostic
class AmbiguousOrMalformedRequestsAreRefusedInJsonIT {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestDatabase.embedded(), "transport only: runs on the H2 pass");
        Path log = ServerProcess.logFile("malformed-requests").toPath();
        Files.deleteIfExists(log);
        server = new ServerProcess(ServerProcess.freshDatabase("wapi_test_malformed", "malformed-data"), log).start();
        api = new Api(server.uri());
        key = api.tenantOnPlan("malformed", 5, 1000).key();
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"main\"}");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ambiguousBodyLengthsAreRefusedAndTheHiddenRequestNeverRuns() {
        int shape = 0;
        for (String framing : List.of(
                "Content-Length: 2\r\nContent-Length: %d\r\n",
                "Content-Length: %d\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked\r\nContent-Length: %d\r\n",
                "Content-Length: 2, %d\r\n",
                "Content-Length: +%d\r\n",
                "Transfer-Encoding: gzip, chunked\r\nX-Length: %d\r\n",
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\nX-Length: %d\r\n")) {
            shape++;
            String hidden = createTenant("smuggled-" + shape);
            String body = "0\r\n\r\n" + hidden; // an empty chunked body, or the start of a Content-Length one
            String request = "POST /api/admin/tenants HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: " + Api.ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\n" + framing.formatted(body.length()) + "\r\n" + body;
            String answer = untilClosed(request);
            String what = framing.strip() + " => " + answer;
            assertEquals(List.of(400), statuses(answer), what);
            assertTrue(answer.contains("Connection: close"), what);
            Map<String, Object> error = errorJson(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals("INVALID_REQUEST", error.get("code"), what);
        }
        String tenants = api.admin("GET", "/api/admin/tenants", null).body();
        assertFalse(tenants.contains("smuggled-"), tenants);
    }

    @Test
    void aSingleLengthOrAChunkedBodyStillWorks() {
        String json = "{\"name\":\"Plain\",\"email\":\"plain@example.com\",\"plan\":\"starter\"}";
        String head = "POST /api/admin/tenants HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: " + Api.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nConnection: close\r\n";
        RawHttp.Response length =
                RawHttp.exchange(server.uri(), head + "Content-Length: " + json.length() + "\r\n\r\n" + json);
        assertEquals(201, length.status(), length.toString());
        String chunked = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
        RawHttp.Response chunks = RawHttp.exchange(server.uri(), head + "Transfer-Encoding: chunked\r\n\r\n" + chunked);
        assertEquals(201, chunks.status(), chunks.toString());
    }

    @Test
    void jsonNestedTenThousandLevelsDeepIsABadRequest() {
        String deepObject = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String deepArray = "[".repeat(10_000) + "]".repeat(10_000);
        for (String path : List.of(
                "/api/whatsapp/session",
                "/api/whatsapp/session/main/send",
                "/api/whatsapp/session/main/send-bulk",
                "/api/settings/webhooks")) {
            for (String deep : List.of(deepObject, deepArray)) {
                Api.Response r =
                        api.send("POST", path, Map.of("X-API-Key", key, "Content-Type", "application/json"), deep);
                String what = path + " " + deep.substring(0, 5) + " => " + r;
                assertEquals(400, r.status(), what);
                assertEquals("INVALID_REQUEST", errorJson(r.body()).get("code"), what);
            }
        }
        Api.Response admin = api.admin("POST", "/api/admin/tenants", deepObject);
        assertEquals(400, admin.status(), admin.toString());
        assertEquals("INVALID_REQUEST", errorJson(admin.body()).get("code"));
    }

    @Test
    void theLastPageNumberIsAnEmptyPageNotAServerError() {
        for (String path : List.of(
                "/api/whatsapp/messages?page=2147483647",
                "/api/whatsapp/messages?page=2147483647&limit=100",
                "/api/whatsapp/bulk-jobs?page=2147483647",
                "/api/whatsapp/session/main/chats?page=2147483647",
                "/api/whatsapp/session/main/chats/919800000001/messages?page=2147483647",
                "/api/settings/webhook/deliveries?page=2147483647")) {
            Api.Response r = api.send("GET", path, Map.of("X-API-Key", key), null);
            assertTrue(r.status() == 200 || r.status() >= 400 && r.status() < 500, path + " => " + r);
            if (r.status() == 200) {
                assertEquals(0, ((Number) Json.readObject(r.body()).get("total")).intValue(), path + " => " + r);
            } else {
                errorJson(r.body());
            }
        }
    }

    @Test
    void requestsRefusedBeforeRoutingGetTheErrorJson() {
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            manyHeaders.append("X-H").append(i).append(": 1\r\n");
        }
        for (String request : List.of(
                "GET /api/" + "x".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET /api/usage HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "x".repeat(100_000) + "\r\n\r\n",
                "GET /api/usage HTTP/1.1\r\nHost: localhost\r\n" + manyHeaders + "\r\n",
                "GET /api/usage HTTP/1.1\r\nHost: localhost\r\nX-Nul: a\u0000b\r\n\r\n",
                "GET /api/usage HTTP/1.1\r\nHost: localhost\r\nX-Folded: a\r\n  b\r\n\r\n")) {
            RawHttp.Response r = RawHttp.exchange(server.uri(), request);
            String what = request.substring(0, Math.min(40, request.length())).replace("\r\n", " ") + "... => " + r;
            assertTrue(r.status() >= 400 && r.status() < 500, what);
            assertTrue(
                    r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json"), what);
            assertEquals("INVALID_REQUEST", errorJson(r.body()).get("code"), what);
        }
    }

    // --- helpers

    private static String createTenant(String name) {
        String json = "{\"name\":\"" + name + "\",\"email\":\"s@example.com\",\"plan\":\"starter\"}";
        return "POST /api/admin/tenants HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: " + Api.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
    }

    /** Sends the bytes and reads everything the server sends until it closes the connection (at most 10 s). */
    private static String untilClosed(String request) {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Integer> statuses(String answer) {
        Matcher m = STATUS_LINE.matcher(answer);
        List<Integer> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(Integer.parseInt(m.group(1)));
        }
        return found;
    }

    private static Map<String, Object> errorJson(String body) {
        Map<String, Object> json = Json.readObject(body);
        assertTrue(json.get("error") instanceof String s && !s.isBlank(), body);
        assertTrue(json.get("code") instanceof String, body);
        return json;
    }
}
