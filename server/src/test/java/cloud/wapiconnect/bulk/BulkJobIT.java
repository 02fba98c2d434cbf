package cloud.wapiconnect.bulk;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.engine.sandbox.SandboxDeliveryRepository;
import cloud.wapiconnect.engine.sandbox.SandboxLinkRepository;
import cloud.wapiconnect.event.EventJson;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulk broadcast over real HTTP on MariaDB, checked against what the sandbox network received. */
@HelidonTest
@AddConfig(key = "WAPI_SANDBOX_RECONNECT_DELAY_MS", value = "700")
class BulkJobIT {
    @Inject
    WebTarget target;

    @Inject
    EventLog events;

    @Inject
    BulkJobService bulkJobs;

    @Inject
    BulkRecipientRepository recipients;

    @Inject
    SandboxDeliveryRepository deliveries;

    @Inject
    SandboxLinkRepository links;

    private Api api;
    private Api.TestTenant tenant;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        tenant = api.tenant("business");
        key = tenant.key();
        api.readySession(key, "main", "919800000100");
    }

    @Test
    void theDocumentsFlowDeliversPersonalisedTexts() {
        Api.Response accepted = api.post("/api/whatsapp/session/main/send-bulk", key, """
                {"recipients":["919876543210",{"phone":"919876543211","name":"Asha"}],
                 "message":"Flash sale {{name}}! 30% off for {{phone}}.","delayMin":0,"delayMax":10}""");
        assertEquals(202, accepted.status(), accepted.toString());
        assertTrue(
                accepted.body().matches("\\{\"jobId\":\"[0-9a-f]{24}\",\"total\":2,\"duplicatesRemoved\":0}"),
                accepted.body());
        String jobId = (String) accepted.get("jobId");

        Api.Response done = awaitFinished(jobId);
        assertTrue(
                done.body()
                        .startsWith(
                                "{\"status\":\"completed\",\"total\":2,\"succeeded\":2,\"failed\":0,\"processed\":2"),
                done.body());
        assertEquals(
                Set.of("Flash sale ! 30% off for 919876543210.", "Flash sale Asha! 30% off for 919876543211."),
                deliveredTexts("main"));

        List<Object> statuses = events.after(tenant.id(), 0, 1000).stream()
                .filter(e -> e.type() == EventType.BULK_JOB)
                .map(e -> EventJson.toMap(e.data()))
                .filter(d -> jobId.equals(d.get("jobId")))
                .map(d -> d.get("status"))
                .toList();
        assertEquals(List.of("pending", "running", "completed"), statuses);
    }

    @Test
    void eachRecipientsVariablesFillItsOwnPlaceholdersAndUnknownOnesStayAsWritten() {
        String jobId = start("""
                {"recipients":[
                   {"phone":"919876543210","name":"Asha","variables":{"order":"A-17","city":"Pune","qty":3}},
                   {"phone":"919876543211","variables":{"order":"B-2"}},
                   "919876543212"],
                 "header":"Order {{order}}","message":"Hi {{name}}, {{order}} ships to {{city}} x{{qty}} {{ other }}",
                 "delayMin":0,"delayMax":0}""");
        awaitFinished(jobId);
        assertEquals(
                Set.of(
                        "*Order A-17*\n\nHi Asha, A-17 ships to Pune x3 {{ other }}",
                        "*Order B-2*\n\nHi , B-2 ships to {{city}} x{{qty}} {{ other }}",
                        "*Order {{order}}*\n\nHi , {{order}} ships to {{city}} x{{qty}} {{ other }}"),
                deliveredTexts("main"));

        String bulk = "/api/whatsapp/session/main/send-bulk";
        for (String variables : List.of("{\"name\":\"x\"}", "{\"1st\":\"x\"}", "{\"a\":null}", "{\"a\":{\"b\":1}}")) {
            Api.Response bad = api.post(
                    bulk,
                    key,
                    "{\"recipients\":[{\"phone\":\"919876543210\",\"variables\":" + variables
                            + "}],\"message\":\"x\"}");
            assertError(bad, 400, "INVALID_RECIPIENT");
        }
        assertError(
                api.post(
                        bulk,
                        key,
                        "{\"recipients\":[{\"phone\":\"919876543210\",\"variables\":{\"a\":\"" + "x".repeat(1001)
                                + "\"}}],\"message\":\"x\"}"),
                400,
                "INVALID_RECIPIENT");
        assertError(
                api.post(
                        bulk,
                        key,
                        "{\"recipients\":[{\"phone\":\"919876543210\",\"variables\":[1]}],\"message\":\"x\"}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void delaysAreHonouredBetweenSends() {
        String jobId = start("""
                {"recipients":["919876543210","919876543211","919876543212","919876543213"],
                 "message":"paced","delayMin":300,"delayMax":400}""");
        awaitFinished(jobId);
        List<Long> sentAt = recipients(jobId, "").stream()
                .map(r -> Instant.parse((String) r.get("sentAt")).toEpochMilli())
                .sorted()
                .toList();
        for (int i = 1; i < sentAt.size(); i++) {
            long gap = sentAt.get(i) - sentAt.get(i - 1);
            assertTrue(gap >= 300 && gap < 1500, "gap " + i + " was " + gap + " ms: " + sentAt);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void typingMsShowsTypingToEachRecipientBeforeItsMessage() {
        String jobId = start("""
                {"recipients":["919876543210","919876543211"],"message":"paced like a person","typingMs":300,
                 "delayMin":0,"delayMax":0}""");
        awaitFinished(jobId);
        List<Map<String, Object>> network = ((List<Map<String, Object>>)
                        api.get("/api/sandbox/session/main/delivered", key).get("messages"))
                .reversed(); // oldest first
        for (String phone : List.of("919876543210", "919876543211")) {
            String jid = phone + "@s.whatsapp.net";
            List<Object> forRecipient = network.stream()
                    .filter(d -> jid.equals(d.get("to")))
                    .map(d -> "presence".equals(d.get("type")) ? d.get("message") : d.get("type"))
                    .toList();
            assertEquals(List.of("typing", "paused", "text"), forRecipient, phone + ": " + network);
        }
        List<Long> sentAt = recipients(jobId, "").stream()
                .map(r -> Instant.parse((String) r.get("sentAt")).toEpochMilli())
                .sorted()
                .toList();
        assertTrue(sentAt.get(1) - sentAt.get(0) >= 300, "the second recipient's typing took its time: " + sentAt);
    }

    @Test
    void aMixedListFailsOnlyTheNumbersNotOnWhatsApp() {
        String jobId = start("""
                {"recipients":["919876543210","9991111111","919876543211","+91 98765 43211","9992222222"],
                 "message":"hello","delayMin":0,"delayMax":0}""");
        Map<String, Object> job = awaitFinished(jobId).json();
        assertEquals("completed", job.get("status"));
        assertEquals(4, job.get("total"));
        assertEquals(1, job.get("duplicatesRemoved"));
        assertEquals(2, job.get("succeeded"));
        assertEquals(2, job.get("failed"));
        assertEquals(4, job.get("processed"));
        List<Map<String, Object>> failed = recipients(jobId, "?status=failed");
        assertEquals(
                List.of("9991111111", "9992222222"),
                failed.stream().map(r -> r.get("phone")).toList());
        assertEquals("RECIPIENT_NOT_ON_WHATSAPP", failed.getFirst().get("error"));
    }

    @Test
    void reachingTheDailyLimitStopsTheJobAndSkipsTheRest() {
        Api.TestTenant small = api.tenantOnPlan("bulk-limit-3", 1, 3);
        api.readySession(small.key(), "s", "919800000101");
        api.post("/api/whatsapp/session/s/send", small.key(), "{\"to\":\"919876543299\",\"message\":\"one\"}");
        String jobId = (String)
                api.post("/api/whatsapp/session/s/send-bulk", small.key(), """
                {"recipients":["919876543210","919876543211","919876543212","919876543213"],"message":"x",
                 "delayMin":0,"delayMax":0}""").get("jobId");
        Map<String, Object> job = Api.await(
                        () -> api.get("/api/whatsapp/bulk-job/" + jobId, small.key()),
                        r -> "failed".equals(r.get("status")),
                        "the job to stop")
                .json();
        assertEquals(2, job.get("succeeded"));
        assertEquals(0, job.get("failed"));
        assertEquals(2, job.get("skipped"));
        assertEquals("SENT_LIMIT_EXCEEDED", ((Map<?, ?>) job.get("error")).get("code"));
        Api.Response skipped = api.get("/api/whatsapp/bulk-job/" + jobId + "/recipients?status=skipped", small.key());
        assertEquals(2, ((Number) skipped.get("total")).intValue(), skipped.toString());
        assertEquals(3, ((Number) api.get("/api/usage", small.key()).get("used")).intValue());
    }

    @Test
    void cancelStopsSendingAndSkipsPendingRecipients() {
        String jobId = start("""
                {"recipients":["919876543210","919876543211","919876543212","919876543213","919876543214"],
                 "message":"slow","delayMin":400,"delayMax":400}""");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> ((Number) r.get("processed")).intValue() >= 1,
                "the first send");
        Api.Response cancelled = api.post("/api/whatsapp/bulk-job/" + jobId + "/cancel", key, null);
        assertEquals(200, cancelled.status(), cancelled.toString());
        // One of the document's four statuses, so that its polling loops (completed or failed) end.
        assertEquals("failed", cancelled.get("status"));
        assertEquals(Map.of("code", "CANCELLED", "message", "The job was cancelled"), cancelled.get("error"));
        assertEquals(true, cancelled.get("cancelled"));
        assertTrue(cancelled.json().get("completedAt") instanceof String, cancelled.toString());
        int sentAtCancel = deliveredTexts("main").size();
        sleep(900);
        assertEquals(sentAtCancel, deliveredTexts("main").size(), "nothing is sent after cancel");
        Map<String, Object> job =
                api.get("/api/whatsapp/bulk-job/" + jobId, key).json();
        assertEquals("failed", job.get("status"));
        assertEquals(true, job.get("cancelled"));
        assertEquals(5, ((Number) job.get("processed")).intValue() + ((Number) job.get("skipped")).intValue());
        assertError(api.post("/api/whatsapp/bulk-job/" + jobId + "/cancel", key, null), 409, "BULK_JOB_FINISHED");

        assertEquals(
                1,
                ((Number) api.get("/api/whatsapp/bulk-jobs?status=failed", key).get("total")).intValue());
        assertError(api.get("/api/whatsapp/bulk-jobs?status=cancelled", key), 400, "INVALID_REQUEST");
        Map<String, Object> ended = events.after(tenant.id(), 0, 1000).stream()
                .filter(e -> e.type() == EventType.BULK_JOB)
                .map(e -> EventJson.toMap(e.data()))
                .filter(d -> jobId.equals(d.get("jobId")))
                .toList()
                .getLast();
        assertEquals("failed", ended.get("status"));
        assertEquals("CANCELLED", ended.get("errorCode"));
        assertEquals(true, ended.get("cancelled"));
    }

    @Test
    void aJobCompletesAsSoonAsItsLastRecipientIsSettledWhateverItsDelays() {
        // The longest pause allowed: one more pause after the last recipient would keep it running for 10 minutes.
        String jobId = start("""
                {"recipients":["919876543210"],"message":"only one","delayMin":600000,"delayMax":600000}""");
        Map<String, Object> job = awaitFinished(jobId).json();
        assertEquals("completed", job.get("status"));
        assertEquals(1, job.get("succeeded"));
        assertEquals(1, job.get("processed"));
        long sentAt = Instant.parse((String) recipients(jobId, "").getFirst().get("sentAt"))
                .toEpochMilli();
        long completedAt = Instant.parse((String) job.get("completedAt")).toEpochMilli();
        assertTrue(completedAt - sentAt < 2000, "completed " + (completedAt - sentAt) + " ms after its last send");

        // And a job whose last recipient is skipped (not on WhatsApp) ends as promptly.
        String skipping = start("""
                {"recipients":["919876543211","9993333333"],"message":"two","skipNotOnWhatsApp":true,
                 "delayMin":1500,"delayMax":1500}""");
        long started = System.nanoTime();
        Map<String, Object> done = awaitFinished(skipping).json();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals("completed", done.get("status"));
        assertEquals(1, done.get("skipped"));
        assertTrue(tookMs < 1500 + 1400, "one pause between the two recipients, none after: " + tookMs + " ms");
    }

    @Test
    void aDroppedSessionPausesTheJobUntilItIsBack() {
        String jobId = start("""
                {"recipients":["919876543210","919876543211","919876543212"],"message":"steady",
                 "delayMin":300,"delayMax":300}""");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> ((Number) r.get("processed")).intValue() >= 1,
                "the first send");
        api.post("/api/sandbox/session/main/connection-lost", key, null);
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> "session".equals(r.get("waitingFor")),
                "the job to wait for the session");
        Map<String, Object> done = awaitFinished(jobId).json();
        assertEquals("completed", done.get("status"));
        assertEquals(3, done.get("succeeded"));
        assertEquals(null, done.get("waitingFor"));
    }

    @Test
    void aLoggedOutSessionFailsTheJob() {
        String jobId = start("""
                {"recipients":["919876543210","919876543211","919876543212"],"message":"x","delayMin":500,"delayMax":500}""");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> ((Number) r.get("processed")).intValue() >= 1,
                "the first send");
        api.post("/api/sandbox/session/main/logged-out", key, null);
        Map<String, Object> job = awaitFinished(jobId).json();
        assertEquals("failed", job.get("status"));
        assertEquals("SESSION_LOGGED_OUT", ((Map<?, ?>) job.get("error")).get("code"));
        assertEquals(3, ((Number) job.get("processed")).intValue() + ((Number) job.get("skipped")).intValue());
    }

    @Test
    void twoJobsOnOneSessionRunFirstComeFirstServed() {
        String first = start(
                "{\"recipients\":[\"919876543210\",\"919876543211\"],\"message\":\"first\",\"delayMin\":200,\"delayMax\":200}");
        String second = start(
                "{\"recipients\":[\"919876543212\",\"919876543213\"],\"message\":\"second\",\"delayMin\":0,\"delayMax\":0}");
        assertEquals("pending", api.get("/api/whatsapp/bulk-job/" + second, key).get("status"));
        awaitFinished(second);
        Api.Response delivered = api.get("/api/sandbox/session/main/delivered", key);
        @SuppressWarnings("unchecked")
        List<String> newestFirst = ((List<Map<String, Object>>) delivered.get("messages"))
                .stream().map(m -> (String) m.get("message")).toList();
        assertEquals(List.of("second", "second", "first", "first"), newestFirst.subList(0, 4));
        assertEquals(
                "completed", api.get("/api/whatsapp/bulk-job/" + first, key).get("status"));
        Api.Response list = api.get("/api/whatsapp/bulk-jobs", key);
        assertEquals(2, ((Number) list.get("total")).intValue());
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        String jobId = start("{\"recipients\":[\"919876543210\"],\"message\":\"mine\",\"delayMin\":0,\"delayMax\":0}");
        String other = api.tenant("business").key();
        assertError(api.get("/api/whatsapp/bulk-job/" + jobId, other), 404, "BULK_JOB_NOT_FOUND");
        assertError(api.get("/api/whatsapp/bulk-job/" + jobId + "/recipients", other), 404, "BULK_JOB_NOT_FOUND");
        assertError(api.post("/api/whatsapp/bulk-job/" + jobId + "/cancel", other, null), 404, "BULK_JOB_NOT_FOUND");
        assertEquals(0, ((Number) api.get("/api/whatsapp/bulk-jobs", other).get("total")).intValue());
        assertError(
                api.post(
                        "/api/whatsapp/session/main/send-bulk",
                        other,
                        "{\"recipients\":[\"919876543210\"],\"message\":\"x\"}"),
                404,
                "SESSION_NOT_FOUND");
    }

    @Test
    void invalidRequestsQueueNothing() {
        String bulk = "/api/whatsapp/session/main/send-bulk";
        Api.Response bad = api.post(
                bulk, key, "{\"recipients\":[\"919876543210\",\"12\",{\"name\":\"x\"},\"abc\"],\"message\":\"x\"}");
        assertError(bad, 400, "INVALID_RECIPIENT");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invalid = (List<Map<String, Object>>) bad.get("invalid");
        assertEquals(List.of(1, 2, 3), invalid.stream().map(o -> o.get("index")).toList());
        assertError(api.post(bulk, key, "{\"recipients\":[],\"message\":\"x\"}"), 400, "INVALID_REQUEST");
        assertError(api.post(bulk, key, "{\"message\":\"x\"}"), 400, "INVALID_REQUEST");
        assertError(api.post(bulk, key, "{\"recipients\":[\"919876543210\"]}"), 400, "INVALID_REQUEST");
        assertError(
                api.post(bulk, key, "{\"recipients\":[\"919876543210\"],\"message\":\"x\",\"delayMin\":-1}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(
                        bulk,
                        key,
                        "{\"recipients\":[\"919876543210\"],\"message\":\"x\",\"delayMin\":10,\"delayMax\":5}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(bulk, key, "{\"recipients\":[\"919876543210\"],\"message\":\"x\",\"delayMax\":600001}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(bulk, key, "{\"recipients\":[\"919876543210\"],\"message\":\"x\",\"delayMin\":\"fast\"}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(bulk, key, "{\"recipients\":[\"919876543210\"],\"message\":\"x\",\"type\":\"fax\"}"),
                400,
                "UNSUPPORTED_MESSAGE_TYPE");
        assertError(api.post(bulk, key, "{\"recipients\":\"919876543210\",\"message\":\"x\"}"), 400, "INVALID_REQUEST");
        assertError(api.get("/api/whatsapp/bulk-job/doesnotexist", key), 404, "BULK_JOB_NOT_FOUND");
        assertEquals(0, ((Number) api.get("/api/whatsapp/bulk-jobs", key).get("total")).intValue());
    }

    @Test
    void sendsInterruptedByACrashAreSettledByWhatTheEngineCanProve() {
        api.post("/api/whatsapp/session/main/disconnect", key, null);
        String jobId = start("{\"recipients\":[\"919876543210\",\"919876543211\",\"919876543212\"],"
                + "\"message\":\"x\",\"delayMin\":0,\"delayMax\":0}");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> "session".equals(r.get("waitingFor")),
                "the job to wait for the session");
        // What a crash leaves behind: two recipients claimed mid-send, one of which reached the network.
        var lost = recipients.claimNext(jobId, "3EB0000000000000LOST").orElseThrow();
        var delivered = recipients.claimNext(jobId, "3EB00000000000000SENT").orElseThrow();
        SessionKey main = new SessionKey(tenant.id(), "main");
        // Sent by the connection that held the link before the crash (the closed one still does).
        deliveries.insertIfLinked(
                main,
                links.current(main).orElseThrow(),
                new SandboxDeliveryRepository.Delivery(
                        delivered.messageId(), delivered.jid(), "text", "x", null, null, null, null, null, null, 1L));

        bulkJobs.resumeAll();
        api.post("/api/whatsapp/session", key, "{\"sessionId\":\"main\"}");

        Map<String, Object> job = awaitFinished(jobId).json();
        assertEquals("completed", job.get("status"));
        List<Map<String, Object>> all = recipients(jobId, "");
        assertEquals("failed", all.get(lost.index()).get("status"));
        assertEquals("INTERRUPTED", all.get(lost.index()).get("error"));
        assertEquals("sent", all.get(delivered.index()).get("status"));
        assertEquals("sent", all.get(2).get("status"));
        assertEquals(2, job.get("succeeded"));
        assertEquals(1, job.get("failed"));
        assertEquals(3, job.get("processed"));
    }

    private String start(String body) {
        Api.Response accepted = api.post("/api/whatsapp/session/main/send-bulk", key, body);
        assertEquals(202, accepted.status(), accepted.toString());
        return (String) accepted.get("jobId");
    }

    private Api.Response awaitFinished(String jobId) {
        return Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> Set.of("completed", "failed").contains(r.get("status")),
                "job " + jobId + " to finish");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> recipients(String jobId, String query) {
        return (List<Map<String, Object>>) api.get("/api/whatsapp/bulk-job/" + jobId + "/recipients" + query, key)
                .get("recipients");
    }

    @SuppressWarnings("unchecked")
    private Set<String> deliveredTexts(String sessionId) {
        List<Map<String, Object>> messages = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/" + sessionId + "/delivered", key).get("messages");
        return messages.stream()
                .map(m -> (String) m.get("message"))
                .collect(Collectors.toCollection(java.util.HashSet::new));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
