package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a lock wait on {@code bulk_recipients} that timed out ("Timeout trying to lock table") was
 * retried on a broken transaction context ("No transaction: the caller must be @Transactional") and the
 * bulk workers stopped for good. Here a JDBC connection of the test holds the job's recipient rows locked
 * for several lock timeouts, on either pass's database (in-process, so that the test can join the embedded
 * H2 the server has open); the worker's steps time out, back off, and the job completes once the lock is
 * gone, never failed for the wait, even with a single allowed failure per step.
 */
@HelidonTest
@AddConfig(key = "WAPI_DB_LOCK_TIMEOUT_MS", value = "300")
@AddConfig(key = "WAPI_STEP_RETRY_INITIAL_MS", value = "50")
@AddConfig(key = "WAPI_STEP_RETRY_MAX_MS", value = "200")
@AddConfig(key = "WAPI_STEP_RETRY_ATTEMPTS", value = "1")
class BulkLockTimeoutIT {
    private static final long HOLD_MS = 4_000;

    @Inject
    WebTarget target;

    @Test
    void aWorkerWhoseLockWaitTimesOutRetriesAndFinishesTheJob() throws Exception {
        Api api = new Api(target.getUri());
        String key = api.tenant("business").key();
        api.readySession(key, "main", "919800000310");
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger runnerLog = Logger.getLogger("cloud.wapiconnect.bulk.BulkJobRunner");
        runnerLog.addHandler(handler);
        try (Connection holder = TestDatabase.connectToInProcessServer()) {
            holder.setAutoCommit(false);
            int total = 20;
            StringJoiner recipients = new StringJoiner(",", "[", "]");
            for (int i = 0; i < total; i++) {
                recipients.add("\"9198100" + String.format("%05d", i) + "\"");
            }
            // The first recipient goes at once; the lock is taken during the pause before the second.
            Api.Response accepted = api.post(
                    "/api/whatsapp/session/main/send-bulk",
                    key,
                    "{\"recipients\":" + recipients + ",\"message\":\"locked\",\"delayMin\":300,\"delayMax\":300}");
            assertEquals(202, accepted.status(), accepted.toString());
            String jobId = (String) accepted.get("jobId");
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> ((Number) r.get("processed")).intValue() >= 1,
                    "the first send");

            int locked = 0;
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT idx FROM bulk_recipients WHERE job_id = ? AND status = 'pending' FOR UPDATE")) {
                lock.setString(1, jobId);
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        locked++;
                    }
                }
            }
            assertTrue(locked >= total - 2, "locked " + locked + " pending recipients");
            int before = processed(api, key, jobId);
            Thread.sleep(HOLD_MS); // the measured interval: several lock timeouts and back-offs long
            int during = processed(api, key, jobId);
            holder.rollback();
            assertTrue(during <= before + 1, "sent while its rows were locked: " + before + " -> " + during);

            Api.Response done = Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> !"running".equals(r.get("status")) || ((Number) r.get("processed")).intValue() == total,
                    "the job to go on once the lock is released");
            done = Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> !"running".equals(r.get("status")),
                    "the job to end");
            assertEquals("completed", done.get("status"), done.toString());
            assertEquals(total, ((Number) done.get("succeeded")).intValue(), done.toString());
            // MariaDB: "Lock wait timeout exceeded"; H2: its lock timeout, as Hibernate's PessimisticLockException.
            assertTrue(
                    lines.stream()
                            .anyMatch(l -> l.contains("failed:")
                                    && (l.contains("Lock wait timeout") || l.contains("PessimisticLockException"))),
                    "the worker met a lock timeout: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains("works again")), "the worker recovered: " + lines);
            assertTrue(
                    lines.stream().noneMatch(l -> l.contains("No transaction")),
                    "a broken transaction context: " + lines);
        } finally {
            runnerLog.removeHandler(handler);
        }
    }

    private static int processed(Api api, String key, String jobId) {
        return ((Number) api.get("/api/whatsapp/bulk-job/" + jobId, key).get("processed")).intValue();
    }
}
