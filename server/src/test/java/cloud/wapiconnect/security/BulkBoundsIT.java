package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: one tenant flooding bulk jobs took the embedded database's memory, disk and locks from every
 * other tenant. A plan bounds a tenant's bulk work in flight (jobs queued or running, their recipients not
 * yet sent); a job beyond either bound is refused with 429 BULK_LIMIT_REACHED and nothing is queued, a job
 * within them is accepted as the API document says, and a cancel of a large job skips its recipients in
 * bounded batches, quickly.
 */
class BulkBoundsIT {
    private static final String SEND_BULK = "/api/whatsapp/session/main/send-bulk";

    @Test
    void jobsBeyondThePlansBoundsAreRefusedAndJobsWithinThemAccepted() throws Exception {
        try (ServerProcess server = new ServerProcess(
                        ServerProcess.freshDatabase("wapi_test_bulk_bounds", "bulk-bounds-data"),
                        ServerProcess.logFile("bulk-bounds-server").toPath())
                .start()) {
            Api api = new Api(server.uri());
            Api.Response plan = api.admin(
                    "PUT",
                    "/api/admin/plans/bulk-bounded",
                    "{\"maxSessions\":2,\"dailyMessageLimit\":100000,\"maxBulkJobs\":2,\"maxBulkRecipients\":25000}");
            assertEquals(200, plan.status(), plan.toString());
            assertEquals(2, ((Number) plan.get("maxBulkJobs")).intValue());
            String key = api.tenant("bulk-bounded").key();
            api.readySession(key, "main", "919800000300");

            // A slow job (one send a minute) of 20,000 recipients, then one that reaches the recipients bound exactly.
            Api.Response big = api.post(SEND_BULK, key, job(0, 20_000, 60_000));
            assertEquals(202, big.status(), big.toString());
            String bigJob = (String) big.get("jobId");
            assertEquals(20_000, ((Number) big.get("total")).intValue());

            Api.Response beyondRecipients = api.post(SEND_BULK, key, job(20_000, 5_100, 60_000));
            assertEquals(429, beyondRecipients.status(), beyondRecipients.toString());
            assertEquals("BULK_LIMIT_REACHED", beyondRecipients.code());
            assertEquals("maxBulkRecipients", beyondRecipients.get("bound"));
            assertEquals(25_000, ((Number) beyondRecipients.get("limit")).intValue());
            // Counted past the 5,000 that fitted, not parsed: the whole job's size is in the answer.
            assertEquals(5_100, ((Number) beyondRecipients.get("requested")).intValue());

            Api.Response atTheBound = api.post(SEND_BULK, key, job(20_000, 5_000, 60_000));
            assertEquals(202, atTheBound.status(), atTheBound.toString());

            // Two jobs in flight: the plan's maxBulkJobs.
            Api.Response beyondJobs = api.post(SEND_BULK, key, job(30_000, 1, 0));
            assertEquals(429, beyondJobs.status(), beyondJobs.toString());
            assertEquals("BULK_LIMIT_REACHED", beyondJobs.code());
            assertEquals("maxBulkJobs", beyondJobs.get("bound"));
            assertEquals(2, ((Number) beyondJobs.get("used")).intValue());
            // At a bound, a submission is refused before its body is read: a flood of them parses nothing.
            Api.Response unread = api.post(SEND_BULK, key, "{\"recipients\": [this is never parsed");
            assertEquals(429, unread.status(), unread.toString());
            assertEquals("maxBulkJobs", unread.get("bound"));
            assertEquals(
                    2,
                    ((Number) api.get("/api/whatsapp/bulk-jobs", key).get("total")).intValue(),
                    "a refused job queues nothing");

            // Cancelling the 20,000-recipient job skips what it has pending, a bounded batch per transaction.
            long started = System.nanoTime();
            Api.Response cancelled = api.post("/api/whatsapp/bulk-job/" + bigJob + "/cancel", key, "");
            long cancelMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, cancelled.status(), cancelled.toString());
            assertEquals("failed", cancelled.get("status"));
            int processed = ((Number) cancelled.get("processed")).intValue();
            assertEquals(20_000 - processed, ((Number) cancelled.get("skipped")).intValue(), cancelled.toString());
            assertEquals(
                    0,
                    ((Number) api.get("/api/whatsapp/bulk-job/" + bigJob + "/recipients?status=pending", key)
                                    .get("total"))
                            .intValue());
            assertTrue(cancelMs < 10_000, "cancelling 20,000 recipients took " + cancelMs + " ms");

            // The cancel made room again: a job within the bounds is accepted and runs as documented.
            Api.Response small = api.post(SEND_BULK, key, job(30_000, 3, 0));
            assertEquals(202, small.status(), small.toString());
            String smallJob = (String) small.get("jobId");
            api.post("/api/whatsapp/bulk-job/" + atTheBound.get("jobId") + "/cancel", key, "");
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + smallJob, key),
                    r -> "completed".equals(r.get("status")),
                    "the small job to complete");

            // A plan saved without the bulk bounds gets the defaults.
            Api.Response defaults =
                    api.admin("PUT", "/api/admin/plans/bulk-defaults", "{\"maxSessions\":1,\"dailyMessageLimit\":10}");
            assertEquals(
                    Map.of("maxBulkJobs", 10, "maxBulkRecipients", 200_000),
                    Map.of(
                            "maxBulkJobs",
                            ((Number) defaults.get("maxBulkJobs")).intValue(),
                            "maxBulkRecipients",
                            ((Number) defaults.get("maxBulkRecipients")).intValue()));
        }
    }

    private static String job(int first, int count, int delay) {
        StringJoiner recipients = new StringJoiner(",", "[", "]");
        for (int i = first; i < first + count; i++) {
            recipients.add("\"91980" + String.format("%07d", i) + "\"");
        }
        return "{\"recipients\":" + recipients + ",\"message\":\"bounded\",\"delayMin\":" + delay + ",\"delayMax\":"
                + delay + "}";
    }
}
