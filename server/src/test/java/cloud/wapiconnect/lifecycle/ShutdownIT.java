package cloud.wapiconnect.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import io.grpc.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while everything that works in the background is busy — a bulk job between sends, webhook
 * deliveries failing and being retried, a gRPC event stream, sandbox acks — stops those workers before the
 * connection pool closes: the server exits promptly and logs no error on the way out.
 */
class ShutdownIT {
    private static final String DATABASE = "wapi_test_shutdown";
    /** What a clean stop never logs: errors, stack traces, or a worker using the pool after it closed. */
    private static final List<String> FORBIDDEN = List.of("SEVERE", "WARNING", "Exception", "has been closed", "\tat ");

    @Test
    void sigtermWhileBusyStopsTheWorkersBeforeThePoolAndLogsNoError() throws Exception {
        Path log = ServerProcess.logFile("shutdown-server").toPath();
        Files.deleteIfExists(log);
        AtomicInteger streamed = new AtomicInteger();
        AtomicReference<RuntimeException> streamEnd = new AtomicReference<>();
        // The server is closed however the test ends: one left running holds its database connections and
        // makes every later test on this machine fail with "Too many connections".
        try (WebhookReceiver receiver = new WebhookReceiver();
                ServerProcess server = new ServerProcess(environment(), log).start()) {
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000400");

            // Webhook calls that fail slowly: some are in flight at any moment, the rest wait for a retry.
            receiver.respond(body -> {
                WebhookReceiver.sleep(150);
                return 500;
            });
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url() + "\"}")
                            .status());

            WapiClient client = Grpc.client(server.uri(), key);
            Thread subscriber = Thread.ofVirtual().start(() -> {
                try {
                    Iterator<Event> events = client.subscribe(
                            SubscribeRequest.newBuilder().setResumeAfter(0).build());
                    while (events.hasNext()) {
                        events.next();
                        streamed.incrementAndGet();
                    }
                } catch (RuntimeException streamEnded) {
                    streamEnd.set(streamEnded);
                }
            });

            List<String> recipients = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                recipients.add("\"91987660" + String.format("%04d", i) + "\"");
            }
            Api.Response accepted = api.post(
                    "/api/whatsapp/session/main/send-bulk",
                    key,
                    "{\"recipients\":" + recipients + ",\"message\":\"shutdown\",\"delayMin\":20,\"delayMax\":60}");
            assertEquals(202, accepted.status(), accepted.toString());
            String jobId = (String) accepted.get("jobId");
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> ((Number) r.get("processed")).intValue() >= 10,
                    "the job to be under way");
            receiver.await(r -> r.size() >= 3, Duration.ofSeconds(15), "webhook calls");
            Api.await(() -> api.get("/health", key), r -> streamed.get() >= 3, "events on the stream");

            long before = Files.size(log);
            long started = System.nanoTime();
            int exit = server.terminate(Duration.ofSeconds(30));
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            String after = tail(log, before);
            subscriber.join(Duration.ofSeconds(10));
            client.close();

            // 143 = 128 + SIGTERM: how a JVM reports an orderly exit on that signal.
            assertEquals(143, exit, "exit code; log after SIGTERM:\n" + after);
            assertTrue(tookMs < 10_000, "stopped in " + tookMs + " ms");
            assertTrue(
                    after.contains("Stopped the workers") && after.contains("Shutdown finished"),
                    "the shutdown ran and logged (" + tookMs + " ms):\n" + after);
            List<String> bad = after.lines()
                    .filter(line -> FORBIDDEN.stream().anyMatch(line::contains))
                    .toList();
            assertTrue(bad.isEmpty(), "log after SIGTERM:\n" + after);

            // The stream was ended with a status while its connection was open, not cut: the client knows to resume.
            assertTrue(
                    streamEnd.get() instanceof WapiClientException e
                            && e.status() == Status.Code.UNAVAILABLE
                            && "ENGINE_UNAVAILABLE".equals(e.code()),
                    "the stream ended with: " + streamEnd.get());

            // Nothing was lost: the job resumes where it stopped on the next start.
            ServerProcess again = new ServerProcess(server.environment(), log).start();
            try {
                Api restarted = new Api(again.uri());
                Map<String, Object> job =
                        restarted.get("/api/whatsapp/bulk-job/" + jobId, key).json();
                assertTrue(List.of("running", "pending", "completed").contains(job.get("status")), job.toString());
            } finally {
                again.close();
            }
        }
    }

    /** A fresh database of the pass's kind: MariaDB beside the test database, or the embedded H2. */
    private static Map<String, String> environment() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase(DATABASE, "shutdown-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "100");
        env.put("WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS", "200");
        env.put("WAPI_WEBHOOK_TIMEOUT_MS", "1000");
        env.put("WAPI_EVENT_POLL_MS", "50");
        return env;
    }

    private static String tail(Path log, long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            file.seek(from);
            byte[] rest = new byte[(int) (file.length() - from)];
            file.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8);
        }
    }
}
