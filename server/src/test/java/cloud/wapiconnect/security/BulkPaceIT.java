package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: one tenant's zero-delay bulk jobs on many sessions took every CPU the other tenants needed. A plan's
 * {@code maxBulkSendsPerSecond} paces a tenant's bulk sending, all its sessions together: measured from the
 * recipients' {@code sent_at} in the database, never more sends in any second than the pace allows, and the
 * slots shared between the sessions rather than taken by one.
 */
@HelidonTest
class BulkPaceIT {
    private static final int PACE = 5;
    private static final int PER_JOB = 12;

    @Inject
    WebTarget target;

    @Test
    void aTenantsZeroDelayJobsOnSeveralSessionsSendAtThePlansPace() throws Exception {
        Api api = new Api(target.getUri());
        Api.Response plan = api.admin(
                "PUT",
                "/api/admin/plans/paced",
                "{\"name\":\"Paced\",\"maxSessions\":3,\"dailyMessageLimit\":1000,\"maxBulkSendsPerSecond\":" + PACE
                        + "}");
        assertEquals(200, plan.status(), plan.toString());
        assertEquals(PACE, ((Number) plan.get("maxBulkSendsPerSecond")).intValue());
        String key = api.tenant("paced").key();
        List<String> jobs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            api.readySession(key, "s" + s, "91980000033" + s);
        }
        for (int s = 0; s < 3; s++) {
            StringJoiner recipients = new StringJoiner(",", "[", "]");
            for (int i = 0; i < PER_JOB; i++) {
                recipients.add("\"91983" + s + String.format("%05d", i) + "\"");
            }
            Api.Response accepted = api.post(
                    "/api/whatsapp/session/s" + s + "/send-bulk",
                    key,
                    "{\"recipients\":" + recipients + ",\"message\":\"paced\",\"delayMin\":0,\"delayMax\":0}");
            assertEquals(202, accepted.status(), accepted.toString());
            jobs.add((String) accepted.get("jobId"));
        }
        for (String jobId : jobs) {
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> "completed".equals(r.get("status")),
                    "job " + jobId + " to complete");
        }

        List<Long> sentAt = new ArrayList<>();
        List<Integer> sessions = new ArrayList<>();
        try (Connection db = TestDatabase.connectToInProcessServer();
                PreparedStatement select =
                        db.prepareStatement("SELECT sent_at, job_id FROM bulk_recipients WHERE job_id IN (?, ?, ?) "
                                + "AND status = 'sent' ORDER BY sent_at")) {
            for (int i = 0; i < 3; i++) {
                select.setString(i + 1, jobs.get(i));
            }
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    sentAt.add(row.getLong(1));
                    sessions.add(jobs.indexOf(row.getString(2)));
                }
            }
        }
        assertEquals(3 * PER_JOB, sentAt.size(), "every recipient sent");
        // In any window of one second, at most PACE sends (+1: a send's settling time is not its slot).
        for (int i = 0; i + PACE + 1 < sentAt.size(); i++) {
            long window = sentAt.get(i + PACE + 1) - sentAt.get(i);
            assertTrue(
                    window >= 1_000,
                    (PACE + 2) + " sends within " + window + " ms from the " + (i + 1) + "th: faster than " + PACE
                            + " a second");
        }
        long took = sentAt.getLast() - sentAt.getFirst();
        assertTrue(took >= (3L * PER_JOB - PACE - 2) * 1_000 / PACE, "all sent in " + took + " ms");
        // Shared: in the first half of the sends, every session had its turns.
        for (int s = 0; s < 3; s++) {
            int session = s;
            long turns = sessions.subList(0, sentAt.size() / 2).stream()
                    .filter(x -> x == session)
                    .count();
            assertTrue(turns >= PER_JOB / 3, "session s" + s + " sent " + turns + " of the first " + sentAt.size() / 2);
        }
    }

    @Test
    void aPaceBelowOneIsRefusedNamingTheField() {
        Api api = new Api(target.getUri());
        Api.Response refused = api.admin(
                "PUT",
                "/api/admin/plans/stalled",
                "{\"maxSessions\":1,\"dailyMessageLimit\":10,\"maxBulkSendsPerSecond\":0}");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("INVALID_REQUEST", refused.get("code"));
        assertEquals("maxBulkSendsPerSecond", refused.get("field"));
        Api.Response defaults =
                api.admin("PUT", "/api/admin/plans/unpaced", "{\"maxSessions\":1,\"dailyMessageLimit\":10}");
        assertEquals(10, ((Number) defaults.get("maxBulkSendsPerSecond")).intValue(), defaults.toString());
    }
}
