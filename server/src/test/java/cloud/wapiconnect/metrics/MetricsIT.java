package cloud.wapiconnect.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.WebhookReceiver;
import io.grpc.ManagedChannel;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The domain metrics as a scraper reads them: {@code GET /metrics} in Prometheus' text format, before and after
 * real traffic through the REST API and a gRPC stream on the sandbox engine; every counter moves by exactly what
 * was done, and no tenant or session id shows up in a label.
 */
@HelidonTest
@DatabaseAgnostic
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true") // the webhook receiver listens on loopback
class MetricsIT {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Inject
    WebTarget target;

    @Test
    void sendsFailuresAndIncomingMessagesMoveTheirCountersExactly() {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("starter");
        String before = scrape(api);
        api.readySession(tenant.key(), "metrics-main", "919800000070");

        int sends = 3;
        for (int i = 0; i < sends; i++) {
            Api.Response sent = api.post(
                    "/api/whatsapp/session/metrics-main/send",
                    tenant.key(),
                    "{\"to\":\"919876543210\",\"message\":\"metrics " + i + "\"}");
            assertEquals(200, sent.status(), sent.toString());
        }
        // The sandbox knows 999… numbers as not on WhatsApp: logged, then refused by the engine.
        Api.Response refused = api.post(
                "/api/whatsapp/session/metrics-main/send",
                tenant.key(),
                "{\"to\":\"999876543210\",\"message\":\"nobody\"}");
        assertEquals("RECIPIENT_NOT_ON_WHATSAPP", refused.code(), refused.toString());
        Api.Response in = api.post(
                "/api/sandbox/session/metrics-main/incoming",
                tenant.key(),
                "{\"from\":\"919876543211\",\"body\":\"Thanks!\"}");
        assertEquals(200, in.status(), in.toString());

        String after = awaitScrape(
                api,
                text -> value(text, "wapi_messages_incoming_total", Map.of("type", "text"))
                        > value(before, "wapi_messages_incoming_total", Map.of("type", "text")));

        Map<String, String> text = Map.of("type", "text", "engine", "sandbox");
        assertEquals(sends + 1, delta(before, after, "wapi_messages_accepted_total", text));
        assertEquals(sends, delta(before, after, "wapi_messages_sent_total", text));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "wapi_messages_failed_total",
                        Map.of("type", "text", "engine", "sandbox", "code", "RECIPIENT_NOT_ON_WHATSAPP")));
        assertEquals(1, delta(before, after, "wapi_messages_failed_total", Map.of()));
        assertEquals(1, delta(before, after, "wapi_messages_incoming_total", Map.of("type", "text")));
        // The histogram counts the sends the engine accepted, each in a bucket.
        assertEquals(sends, delta(before, after, "wapi_send_latency_seconds_count", Map.of("engine", "sandbox")));
        assertEquals(sends, delta(before, after, "wapi_send_latency_seconds_bucket", Map.of("le", "+Inf")));
        assertTrue(delta(before, after, "wapi_send_latency_seconds_sum", Map.of()) > 0);

        assertEquals(1, delta(before, after, "wapi_sessions", Map.of("status", "ready")));
        assertEquals(0, value(after, "wapi_sessions", Map.of("status", "disconnected")));
        assertEquals(1, delta(before, after, "wapi_cluster_sessions_held", Map.of()));
        assertEquals(3, count(after, "wapi_db_pool_connections"), after);
        assertTrue(value(after, "wapi_db_pool_connections", Map.of("state", "idle")) >= 0);
        // Bounded labels only: neither the tenant nor the session shows up anywhere in the domain metrics.
        for (String line : after.lines().filter(l -> l.startsWith("wapi_")).toList()) {
            assertFalse(line.contains(tenant.id()) || line.contains("metrics-main"), line);
        }
    }

    @Test
    void openStreamsGaugeCountsEveryGrpcEventStream() throws Exception {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("starter");
        double before = value(scrape(api), "wapi_grpc_streams_open", Map.of());
        ManagedChannel channel = Grpc.channel(target.getUri());
        try {
            // Two streams of one tenant on one connection: counted each (the gauge is per stream, not per client).
            try (EventRecorder one =
                            EventRecorder.subscribe(channel, tenant.key(), SubscribeRequest.getDefaultInstance());
                    EventRecorder two =
                            EventRecorder.subscribe(channel, tenant.key(), SubscribeRequest.getDefaultInstance())) {
                awaitScrape(api, text -> value(text, "wapi_grpc_streams_open", Map.of()) == before + 2);
            }
        } finally {
            Grpc.close(channel);
        }
    }

    @Test
    void bulkRecipientsAndWebhookDeliveriesAreCountedByOutcome() {
        Api api = new Api(target.getUri());
        Api.TestTenant bulk = api.tenant("business");
        api.readySession(bulk.key(), "metrics-bulk", "919800000071");
        String before = scrape(api);
        Api.Response job = api.post(
                "/api/whatsapp/session/metrics-bulk/send-bulk",
                bulk.key(),
                "{\"recipients\":[\"919876543212\",\"919876543213\",\"999876543214\"],\"message\":\"bulk\","
                        + "\"delayMin\":0,\"delayMax\":0}");
        assertEquals(202, job.status(), job.toString());
        String done = awaitScrape(
                api,
                // Not "pending back to 0": the gauge counts every tenant's unfinished jobs in the shared database
                // (another test's job waits for its session), and is cached for 5 s.
                text -> delta(before, text, "wapi_bulk_recipients_total", Map.of()) == 3
                        && text.contains("\nwapi_bulk_recipients_pending"));
        assertEquals(2, delta(before, done, "wapi_bulk_recipients_total", Map.of("outcome", "sent")));
        assertEquals(1, delta(before, done, "wapi_bulk_recipients_total", Map.of("outcome", "failed")));
        assertEquals(2, delta(before, done, "wapi_messages_sent_total", Map.of("type", "text")));

        Api.TestTenant hooked = api.tenant("business");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response saved = api.send(
                    "PUT",
                    "/api/settings/webhook",
                    Map.of("X-API-Key", hooked.key()),
                    "{\"url\":\"" + receiver.url() + "\"}");
            assertEquals(200, saved.status(), saved.toString());
            String beforeHook = scrape(api);
            api.post("/api/settings/webhook/test", hooked.key(), null);
            receiver.await(r -> r.size() == 1, Duration.ofSeconds(10), "the test event");
            String after = awaitScrape(
                    api,
                    text -> delta(beforeHook, text, "wapi_webhook_deliveries_total", Map.of("outcome", "delivered"))
                            == 1);
            // Exactly the one delivery, counted once. (Not the total over every outcome: in the suite's shared
            // database this node also retries the webhooks that earlier test classes left behind.)
            assertEquals(
                    receiver.received().size(),
                    delta(beforeHook, after, "wapi_webhook_deliveries_total", Map.of("outcome", "delivered")));
        }
    }

    private static String scrape(Api api) {
        Api.Response r = api.send("GET", "/metrics", Map.of("Accept", "text/plain"), null);
        assertEquals(200, r.status(), r.toString());
        return r.body();
    }

    private static String awaitScrape(Api api, java.util.function.Predicate<String> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String text = scrape(api);
        while (!done.test(text)) {
            assertTrue(System.nanoTime() < deadline, "timed out; last scrape:\n" + text);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            text = scrape(api);
        }
        return text;
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (0 without any). */
    static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            Matcher l = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (l.find()) {
                found.put(l.group(1), l.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    private static long count(String text, String name) {
        return text.lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .count();
    }
}
