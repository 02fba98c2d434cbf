package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.RawHttp;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 1: connections that send half a request, a body a byte at a time, or nothing at all
 * used to stay open for good, and enough of them closed the port. On the packaged server with short
 * timeouts (header and body 1.5 s, idle 2 s) and a connection cap of 100 under an open-file limit of 400:
 * each kind of slow client is cut at its timeout, clients that are slow but steady are served, an event
 * stream outlives the idle timeout, and a burst past the cap leaves the port answering, with a few log
 * lines for the whole burst. Transport only: runs on the H2 pass.
 */
@DatabaseAgnostic
class SlowClientsAreCutOffIT {
    private static final long HEADER_MS = 1500;
    private static final long BODY_MS = 1500;
    private static final long IDLE_MS = 2000;
    private static final int CAP = 100;
    private static final int OPEN_FILE_LIMIT = 400;
    /** The guard looks every quarter of the shortest timeout; a loaded machine gets some slack on top. */
    private static final long SLACK_MS = 3000;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static ServerProcess server;
    private static Path log;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestDatabase.embedded(), "transport only: runs on the H2 pass");
        Map<String, String> env =
                new java.util.HashMap<>(ServerProcess.freshDatabase("wapi_test_slow_clients", "slow-clients-data"));
        env.put("WAPI_HTTP_HEADER_TIMEOUT_MS", String.valueOf(HEADER_MS));
        env.put("WAPI_HTTP_BODY_TIMEOUT_MS", String.valueOf(BODY_MS));
        env.put("WAPI_HTTP_IDLE_TIMEOUT_MS", String.valueOf(IDLE_MS));
        env.put("WAPI_HTTP_MAX_CONNECTIONS", String.valueOf(CAP));
        env.put(
                "WAPI_EVENT_HEARTBEAT_MS",
                "60000"); // an event stream that says nothing for longer than the idle timeout
        log = ServerProcess.logFile("slow-clients").toPath();
        Files.deleteIfExists(log);
        server = new ServerProcess(env, log).openFileLimit(OPEN_FILE_LIMIT).start();
        key = new Api(server.uri()).tenantOnPlan("slow-clients", 5, 1000).key();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
            // Connections cut under a request are not server errors: no SEVERE, no stack trace for any of them.
            try (var stream = Files.lines(log, StandardCharsets.UTF_8)) {
                assertEquals(
                        List.of(),
                        stream.filter(line -> line.contains(" SEVERE ") || line.startsWith("\tat "))
                                .limit(5)
                                .toList());
            }
        }
    }

    @Test
    void headersSentSlowlyAreCutAtTheHeaderTimeout() throws IOException {
        try (Socket socket = connect()) {
            write(socket, "GET /api/usage HTTP/1.1\r\nHost: localhost\r\n");
            long cut = trickleUntilClosed(socket, "X-Slow: 1\r\n", 200);
            assertBetween(HEADER_MS, HEADER_MS + SLACK_MS, cut, "headers trickled a line every 200 ms");
        }
    }

    @Test
    void aBodySentSlowlyIsCutOnceItFallsBelowTheMinimumRate() throws IOException {
        try (Socket socket = connect()) {
            write(socket, jsonPostHead(100_000) + "{");
            long cut = trickleUntilClosed(socket, " ", 200); // 5 bytes a second, under 1 KiB/s
            assertBetween(BODY_MS, BODY_MS + SLACK_MS, cut, "a body of a byte every 200 ms");
        }
    }

    @Test
    void aBodyThatStopsIsCutAtTheBodyTimeout() throws IOException {
        try (Socket socket = connect()) {
            write(socket, jsonPostHead(1000) + "{\"name\":");
            long cut = trickleUntilClosed(socket, null, 100);
            assertBetween(BODY_MS, BODY_MS + SLACK_MS, cut, "a body that stopped");
        }
    }

    @Test
    void connectionsThatSendNothingAreClosedWhenIdle() throws IOException {
        try (Socket fresh = connect();
                Socket keptAlive = connect()) {
            write(keptAlive, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            long cutFresh = trickleUntilClosed(fresh, null, 100);
            assertBetween(IDLE_MS, IDLE_MS + SLACK_MS, cutFresh, "a connection that never sent a byte");
            // the kept-alive one was answered, then left idle as long: closed too (readAllBytes reaches its end)
            keptAlive.setSoTimeout((int) (IDLE_MS + SLACK_MS));
            String answer = new String(keptAlive.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }

    @Test
    void clientsThatAreSlowButSteadyAreServed() throws IOException, InterruptedException {
        String body = "{\"name\":\"Steady Shop\",\"email\":\"steady@example.com\",\"plan\":\"starter\"," + "\"x\":\""
                + "y".repeat(12_000) + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            // headers in three parts, 400 ms apart (1.2 s, under the 1.5 s header timeout) ...
            String head = "POST /api/admin/tenants HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: " + Api.ADMIN_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            int third = head.length() / 3;
            write(socket, head.substring(0, third));
            Thread.sleep(400);
            write(socket, head.substring(third, 2 * third));
            Thread.sleep(400);
            write(socket, head.substring(2 * third));
            // ... and the body in four parts, 700 ms apart (pauses under 1.5 s, about 4 KiB/s)
            int quarter = bytes.length / 4;
            for (int i = 0; i < 4; i++) {
                Thread.sleep(700);
                socket.getOutputStream().write(bytes, i * quarter, i == 3 ? bytes.length - 3 * quarter : quarter);
                socket.getOutputStream().flush();
            }
            socket.setSoTimeout(10_000);
            byte[] start = new byte[12];
            int read = socket.getInputStream().readNBytes(start, 0, start.length);
            String answer = new String(start, 0, read, StandardCharsets.ISO_8859_1);
            // answered (whatever the API thinks of field "x"), not cut
            assertTrue(answer.startsWith("HTTP/1.1 2") || answer.startsWith("HTTP/1.1 4"), answer);
        }
    }

    @Test
    void anEventStreamOutlivesTheIdleTimeout() throws InterruptedException {
        ManagedChannel channel = Grpc.channel(server.uri());
        try (EventRecorder events = EventRecorder.subscribe(
                channel, key, SubscribeRequest.newBuilder().setResumeAfter(0).build())) {
            WapiClient client = WapiClient.on(channel, key);
            client.createSession("idle-a", "A");
            assertEquals(
                    EventType.EVENT_TYPE_QR,
                    events.next(EventType.EVENT_TYPE_QR, WAIT).getType());
            // Nothing on the connection for three idle timeouts (no heartbeat either) ...
            Thread.sleep(3 * IDLE_MS);
            // ... then a new call on the same connection, and the stream still delivers.
            client.createSession("idle-b", "B");
            assertEquals("idle-b", events.next(EventType.EVENT_TYPE_QR, WAIT).getSessionId());
            assertFalse(events.ended(), "the stream was cut");
        } finally {
            Grpc.close(channel);
        }
    }

    @Test
    void aBurstPastTheConnectionCapLeavesThePortAnsweringAndTheLogQuiet() throws IOException, InterruptedException {
        long linesBefore = lines();
        List<Socket> attackers = new ArrayList<>();
        int peakFiles = 0;
        try {
            for (int i = 0; i < 3 * CAP; i++) {
                Socket socket = new Socket();
                attackers.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", server.uri().getPort()), 5000);
                write(socket, "GET /api/us");
                if (i % 20 == 0) {
                    peakFiles = Math.max(peakFiles, openFiles());
                }
            }
            peakFiles = Math.max(peakFiles, openFiles());
        } finally {
            for (Socket socket : attackers) {
                socket.close();
            }
        }
        assertTrue(peakFiles < OPEN_FILE_LIMIT, "open files at the peak: " + peakFiles);
        // The attackers are gone; the port answers (the backlog drains as the server reads their EOFs).
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && !health()) {
            Thread.sleep(50);
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(health(), "request " + i + " after the burst");
        }
        long burstLines = lines() - linesBefore;
        assertTrue(burstLines <= 5, burstLines + " log lines for a burst of " + attackers.size() + " connections");
    }

    // --- helpers

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.uri().getPort());
        socket.setSoTimeout(100);
        return socket;
    }

    private static String jsonPostHead(int length) {
        return "POST /api/admin/tenants HTTP/1.1\r\nHost: localhost\r\nX-Admin-Key: " + Api.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Writes {@code trickle} (if any) every {@code everyMs} until the server closes the connection; returns
     * how long that took. Fails if the connection is still open after the longest timeout and the slack.
     */
    private static long trickleUntilClosed(Socket socket, String trickle, long everyMs) throws IOException {
        long start = System.nanoTime();
        long limit = start
                + Duration.ofMillis(Math.max(HEADER_MS, Math.max(BODY_MS, IDLE_MS)) + 2 * SLACK_MS)
                        .toNanos();
        socket.setSoTimeout((int) everyMs);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < limit) {
            try {
                if (trickle != null) {
                    write(socket, trickle);
                }
                if (in.read(buffer) == -1) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the server yet
            } catch (IOException reset) {
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        throw new AssertionError("still open after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static void assertBetween(long min, long max, long actual, String what) {
        assertTrue(
                actual >= min - 100 && actual <= max,
                what + ": closed after " + actual + " ms, expected " + min + ".." + max);
    }

    private static boolean health() {
        try {
            return RawHttp.exchange(
                                    server.uri(),
                                    "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .status()
                    == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int openFiles() {
        String[] files =
                Path.of("/proc", String.valueOf(server.pid()), "fd").toFile().list();
        return files == null ? -1 : files.length;
    }

    private static long lines() throws IOException {
        try (var stream = Files.lines(log, StandardCharsets.UTF_8)) {
            return stream.count();
        }
    }
}
