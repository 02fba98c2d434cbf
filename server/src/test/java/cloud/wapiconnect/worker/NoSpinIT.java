package cloud.wapiconnect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.logging.AccessLog;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No background worker spins. Real faults under the packaged server, on a MariaDB database of its own:
 * a table is renamed away for a while, so that a bulk job's step, webhook deliveries and the event feed's
 * reads fail again and again. Each backs off, what failed ends with an error code, and the server log
 * grows by a few lines over the window, where it used to grow by stack traces many times a second.
 */
class NoSpinIT {
    private static final String DATABASE = "wapi_test_nospin";
    private static final Duration WINDOW = Duration.ofSeconds(20);
    /** Per fault window: a line when each failing step starts failing, one when it gives up, and spare. */
    private static final int MAX_LINES_PER_WINDOW = 10;

    private static Map<String, String> env;
    private static Path log;
    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws SQLException, IOException {
        String testDb = System.getProperty("WAPI_DB_URL");
        assumeTrue(testDb != null && !testDb.isBlank(), "renames tables under a running server: the MariaDB pass");
        env = new HashMap<>(ServerProcess.freshDatabase(DATABASE, "nospin-data"));
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true"); // the webhook receiver is on loopback
        // Short pauses so that the test sees the whole story: 200 ms doubling to 1 s, a job fails at the 5th failure.
        env.put("WAPI_STEP_RETRY_INITIAL_MS", "200");
        env.put("WAPI_STEP_RETRY_MAX_MS", "1000");
        env.put("WAPI_STEP_RETRY_ATTEMPTS", "5");
        env.put("WAPI_WEBHOOK_TIMEOUT_MS", "1000");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "300");
        env.put("WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", "1000");
        env.put("WAPI_WEBHOOK_RETRY_WINDOW_MS", "8000");
        log = ServerProcess.logFile("nospin-server").toPath();
        Files.deleteIfExists(log);
        server = new ServerProcess(env, log).start();
        api = new Api(server.uri());
        key = api.tenant("business").key();
        api.readySession(key, "main", "919800000500");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBulkJobWhoseMediaCannotBeReadFailsWithAnErrorCodeAfterAFewAttempts() throws Exception {
        // A job ahead in the session's queue keeps the media job waiting while its media goes away.
        String blocker = submit("{\"recipients\":[\"919876543210\",\"919876543211\"],\"message\":\"first\","
                + "\"delayMin\":600000,\"delayMax\":600000}");
        Api.await(() -> job(blocker), r -> ((Number) r.get("processed")).intValue() == 1, "the blocker's first send");
        String image =
                submit("{\"recipients\":[\"919876543212\",\"919876543213\"],\"type\":\"image\",\"mediaBase64\":\""
                        + Base64.getEncoder().encodeToString(MediaFiles.png()) + "\",\"delayMin\":0,\"delayMax\":0}");
        long lines;
        try (Connection db = database()) {
            rename(db, "bulk_job_media", "bulk_job_media_away");
            try {
                lines = lineCount();
                long windowEnd = System.nanoTime() + WINDOW.toNanos();
                assertEquals(
                        200,
                        api.post("/api/whatsapp/bulk-job/" + blocker + "/cancel", key, null)
                                .status());

                Map<String, Object> failed = Api.await(
                                () -> job(image), r -> "failed".equals(r.get("status")), "the media job to fail")
                        .json();
                Map<?, ?> error = (Map<?, ?>) failed.get("error");
                assertEquals("INTERNAL_ERROR", error.get("code"), failed.toString());
                assertTrue(String.valueOf(error.get("message")).contains("bulk_job_media"), failed.toString());
                assertEquals(0, failed.get("processed"));
                assertEquals(2, failed.get("skipped"));

                sleepUntil(windowEnd);
                List<String> logged = linesSince(lines);
                assertTrue(
                        logged.size() <= MAX_LINES_PER_WINDOW, logged.size() + " lines in " + WINDOW + ": " + logged);
                assertEquals(
                        1,
                        logged.stream()
                                .filter(l -> l.contains("SEVERE") && l.contains(image) && l.contains("INTERNAL_ERROR"))
                                .count(),
                        "one line says the job failed: " + logged);
            } finally {
                rename(db, "bulk_job_media_away", "bulk_job_media");
            }
        }
        // The media is back: the same job again goes through, nothing was left stuck in the queue.
        String again = submit("{\"recipients\":[\"919876543214\"],\"type\":\"image\",\"mediaBase64\":\""
                + Base64.getEncoder().encodeToString(MediaFiles.png()) + "\",\"delayMin\":0,\"delayMax\":0}");
        assertEquals(
                "completed",
                Api.await(() -> job(again), r -> "completed".equals(r.get("status")), "a new media job to complete")
                        .get("status"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void webhookDeliveriesAndTheEventFeedBackOffWhileTheEventLogIsGone() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                Connection db = database()) {
            receiver.respondWith(500);
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\"}")
                            .status());
            assertEquals(
                    200,
                    api.post(
                                    "/api/whatsapp/session/main/send",
                                    key,
                                    "{\"to\":\"919876543220\",\"message\":\"queued for the webhook\"}")
                            .status());
            receiver.await(r -> !r.isEmpty(), Duration.ofSeconds(10), "a first (failing) delivery");
            WebhookReceiver.sleep(500); // the message's acks are in the log: nothing else writes events now

            rename(db, "events", "events_away");
            try {
                long lines = lineCount();
                long windowEnd = System.nanoTime() + WINDOW.toNanos();
                // A call already under way when the table went may still arrive; after that, none can.
                WebhookReceiver.sleep(1500);
                int calls = receiver.received().size();
                sleepUntil(windowEnd);

                List<String> logged = linesSince(lines);
                assertTrue(
                        logged.size() <= MAX_LINES_PER_WINDOW, logged.size() + " lines in " + WINDOW + ": " + logged);
                assertTrue(
                        logged.stream().anyMatch(l -> l.contains("Reading the event log failed")), logged.toString());
                assertTrue(logged.stream().anyMatch(l -> l.contains("Webhook delivery")), logged.toString());
                assertEquals(calls, receiver.received().size(), "nothing is sent without its event");

                // Every delivery ended: retried with backoff, then given up at the end of its retry window,
                // saying why. (The list reads the outbox only, which is still there.)
                List<Map<String, Object>> deliveries =
                        (List<Map<String, Object>>) api.get("/api/settings/webhook/deliveries?limit=100", key)
                                .get("deliveries");
                assertTrue(
                        !deliveries.isEmpty() && deliveries.stream().allMatch(d -> "dead".equals(d.get("status"))),
                        deliveries.toString());
                assertTrue(
                        deliveries.stream()
                                .anyMatch(d -> String.valueOf(d.get("lastError"))
                                                .contains("server error")
                                        && String.valueOf(d.get("lastError")).contains("gave up after")),
                        deliveries.toString());
                int attempts = deliveries.stream()
                        .mapToInt(d -> ((Number) d.get("attempts")).intValue())
                        .max()
                        .orElseThrow();
                assertTrue(attempts <= 20, "attempts back off: " + deliveries);
            } finally {
                rename(db, "events_away", "events");
            }

            // Everything works again: new events reach the receiver, and the log says the feed recovered.
            receiver.respondWith(200);
            assertEquals(
                    200,
                    api.post(
                                    "/api/whatsapp/session/main/send",
                                    key,
                                    "{\"to\":\"919876543221\",\"message\":\"after the outage\"}")
                            .status());
            receiver.await(
                    r -> r.stream().anyMatch(x -> x.ok() && "message_status".equals(x.event())),
                    Duration.ofSeconds(15),
                    "a delivery after the event log is back");
            awaitLogLine("Reading the event log works again");
            api.delete("/api/settings/webhook", key);
        }
    }

    private static String submit(String body) {
        Api.Response accepted = api.post("/api/whatsapp/session/main/send-bulk", key, body);
        assertEquals(202, accepted.status(), accepted.toString());
        return (String) accepted.get("jobId");
    }

    private static Api.Response job(String jobId) {
        return api.get("/api/whatsapp/bulk-job/" + jobId, key);
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(
                env.get("WAPI_DB_URL"), env.get("WAPI_DB_USER"), env.get("WAPI_DB_PASSWORD"));
    }

    private static void rename(Connection db, String from, String to) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("RENAME TABLE " + from + " TO " + to);
        }
    }

    private static long lineCount() {
        return linesSince(0).size();
    }

    private static List<String> linesSince(long line) {
        try {
            // the access log's lines (one per request the test makes) are not the workers' doing
            List<String> all = Arrays.stream(
                            new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).split("\n"))
                    .filter(l -> !l.contains(" " + AccessLog.NAME + " "))
                    .toList();
            return all.subList((int) Math.min(line, all.size()), all.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLogLine(String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (linesSince(0).stream().noneMatch(l -> l.contains(text))) {
            assertTrue(System.nanoTime() < deadline, "no log line with: " + text);
            WebhookReceiver.sleep(100);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            WebhookReceiver.sleep(left / 1_000_000);
        }
    }
}
