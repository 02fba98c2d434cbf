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
import java.sql.SQLException;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a suspended tenant's running bulk job kept sending for the whole suspension. Now the job
 * pauses at its next recipient ({@code waitingFor: tenant}) and resumes when the tenant is reinstated;
 * measured: no recipient is sent from the moment the job waits until the reinstatement, and at most the
 * one send already under way settles between the suspension and that moment. In-process (the API refuses
 * a suspended tenant's key, so the job is read from either pass's database while it waits).
 */
@HelidonTest
class BulkSuspensionIT {
    private static final long SUSPENDED_MS = 1_500;

    @Inject
    WebTarget target;

    @Test
    void aSuspendedTenantsJobSendsNothingUntilItIsReinstated() throws Exception {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("business");
        String key = tenant.key();
        api.readySession(key, "main", "919800000320");
        int total = 60;
        StringJoiner recipients = new StringJoiner(",", "[", "]");
        for (int i = 0; i < total; i++) {
            recipients.add("\"9198200" + String.format("%05d", i) + "\"");
        }
        Api.Response accepted = api.post(
                "/api/whatsapp/session/main/send-bulk",
                key,
                "{\"recipients\":" + recipients + ",\"message\":\"paused\",\"delayMin\":10,\"delayMax\":10}");
        assertEquals(202, accepted.status(), accepted.toString());
        String jobId = (String) accepted.get("jobId");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> ((Number) r.get("processed")).intValue() >= 5,
                "the job to be under way");

        try (Connection db = TestDatabase.connectToInProcessServer()) {
            db.setAutoCommit(true);
            assertEquals(
                    200,
                    api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":true}")
                            .status());
            long suspendedAt = System.currentTimeMillis(); // answered: the suspension is committed
            long waitingAt = awaitWaitingFor(db, jobId, "tenant");
            int sentWhenWaiting = sent(db, jobId, 0, Long.MAX_VALUE);
            Thread.sleep(SUSPENDED_MS); // the measured suspension
            assertEquals("running", jobColumn(db, jobId, "status"));
            assertEquals("tenant", jobColumn(db, jobId, "waiting_for"));
            long reinstatedAt = System.currentTimeMillis();
            assertEquals(sentWhenWaiting, sent(db, jobId, 0, Long.MAX_VALUE), "sent while the tenant was suspended");
            assertEquals(
                    200,
                    api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":false}")
                            .status());

            Api.Response done = Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> "completed".equals(r.get("status")),
                    "the job to resume and complete");
            assertEquals(total, ((Number) done.get("succeeded")).intValue(), done.toString());
            assertEquals(null, done.get("waitingFor"));
            assertEquals(
                    0,
                    sent(db, jobId, waitingAt, reinstatedAt),
                    "recipients sent between " + waitingAt + " (the job waits) and " + reinstatedAt + " (reinstated)");
            int settling = sent(db, jobId, suspendedAt, waitingAt);
            assertTrue(
                    settling <= 1,
                    settling + " recipients sent after the suspension was answered: only the send "
                            + "already under way may settle");
        }
    }

    private static long awaitWaitingFor(Connection db, String jobId, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!what.equals(jobColumn(db, jobId, "waiting_for"))) {
            assertTrue(System.nanoTime() < deadline, "the job never waited for " + what);
            Thread.sleep(10);
        }
        return System.currentTimeMillis();
    }

    private static String jobColumn(Connection db, String jobId, String column) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT " + column + " FROM bulk_jobs WHERE id = ?")) {
            select.setString(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** Recipients marked sent at a time in [from, to). */
    private static int sent(Connection db, String jobId, long from, long to) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT COUNT(*) FROM bulk_recipients WHERE job_id = ? "
                + "AND status = 'sent' AND sent_at >= ? AND sent_at < ?")) {
            select.setString(1, jobId);
            select.setLong(2, from);
            select.setLong(3, to);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
