import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the bulk-job benchmark against a running server (see bulk-job.sh):
 * 1. accept a 100,000-recipient job, timing the response and sampling the server's used heap (jstat);
 * 2. cancel it, then run zero-delay jobs on several sessions and report recipients/s;
 * 3. measure the database time per recipient with a plain JDBC loop doing the statements the
 *    server does per recipient (claim, reserve + log, delivery, sent + event, counters, 3 acks).
 * Each timed part runs 3 times; medians are printed.
 */
public class BulkBench {

    public static void main(String[] args) throws Exception {
        String adminKey = args[1];
        int send = Integer.parseInt(args[2]);
        int sessions = Integer.parseInt(args[3]);
        String jdbc = args[4];
        Bench.awaitReady(args[0]);

        String key = Bench.tenant(adminKey);
        for (int s = 0; s < sessions; s++) {
            Bench.ready(key, "s" + s, "9198000" + String.format("%05d", s));
        }

        // 1. Accepting 100,000 recipients.
        StringBuilder body = new StringBuilder("{\"recipients\":[");
        for (int i = 0; i < 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"phone\":\"91").append(7_000_000_000L + i)
                    .append("\",\"name\":\"Customer ").append(i).append("\"}");
        }
        body.append("],\"message\":\"Hi {{name}}, 30% off today!\",\"delayMin\":60000,\"delayMax\":60000}");
        List<Double> acceptSeconds = new ArrayList<>();
        List<Double> peakHeapMb = new ArrayList<>();
        double baselineHeap = Bench.usedHeapMb();
        for (int run = 0; run < 3; run++) {
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            long t0 = System.nanoTime();
            String accepted = Bench.call("POST", "/api/whatsapp/session/s0/send-bulk", "X-API-Key", key, body.toString());
            acceptSeconds.add((System.nanoTime() - t0) / 1e9);
            peakHeapMb.add(sampler.stopAndPeak());
            Bench.call("POST", "/api/whatsapp/bulk-job/" + Bench.field(accepted, "jobId") + "/cancel", "X-API-Key", key, null);
        }

        // 2. Zero-delay sending, one job per session in parallel.
        List<Double> perSecond = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            List<String> jobs = new ArrayList<>();
            int each = send / sessions;
            for (int s = 0; s < sessions; s++) {
                StringBuilder r = new StringBuilder("{\"recipients\":[");
                for (int i = 0; i < each; i++) {
                    r.append(i == 0 ? "" : ",").append("\"92").append(3_000_000_000L + run * 100_000L + s * 10_000L + i).append('"');
                }
                r.append("],\"message\":\"zero delay\",\"delayMin\":0,\"delayMax\":0}");
                jobs.add(Bench.field(Bench.call("POST", "/api/whatsapp/session/s" + s + "/send-bulk", "X-API-Key", key, r.toString()), "jobId"));
            }
            long t0 = System.nanoTime();
            for (String job : jobs) {
                while (!Bench.call("GET", "/api/whatsapp/bulk-job/" + job, "X-API-Key", key, null).contains("\"completed\"")) {
                    Thread.sleep(50);
                }
            }
            perSecond.add(each * sessions / ((System.nanoTime() - t0) / 1e9));
        }

        // 3. Database time per recipient: the same statements in a plain JDBC loop, one recipient at a time.
        List<Double> dbMs = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            dbMs.add(jdbcMillisPerRecipient(jdbc, 500));
        }

        System.out.println();
        System.out.println("Bulk-job benchmark (medians of 3 runs; 2-core shared machine, MariaDB with fsync per commit)");
        System.out.printf("  accept 100,000 recipients: %.2f s response; server used heap before %.0f MB, peak during accept %.0f MB%n",
                Bench.median(acceptSeconds), baselineHeap, Bench.median(peakHeapMb));
        System.out.printf("  zero-delay sending, %d sessions in parallel: %.0f recipients/s (%.1f per session)%n",
                sessions, Bench.median(perSecond), Bench.median(perSecond) / sessions);
        System.out.printf("  database time per recipient (plain JDBC, same statements, one session): %.2f ms -> floor %.0f recipients/s per session%n",
                Bench.median(dbMs), 1000 / Bench.median(dbMs));
        System.out.printf("  per-session rate as a share of that floor: %.0f%%%n",
                100 * (Bench.median(perSecond) / sessions) / (1000 / Bench.median(dbMs)));
    }

    static double jdbcMillisPerRecipient(String url, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            st.execute("DELETE FROM bulk_recipients WHERE job_id = 'floor0000000000000000000'");
            st.execute("DELETE FROM bulk_jobs WHERE id = 'floor0000000000000000000'");
            st.execute("INSERT INTO bulk_jobs (id, tenant_id, session_id, status, type, message, delay_min, delay_max, total, "
                    + "duplicates_removed, created_at, seq) VALUES ('floor0000000000000000000', 'floor', 'floor', 'running', "
                    + "'text', 'x', 0, 0, " + n + ", 0, 0, 0)");
            st.execute("INSERT IGNORE INTO daily_usage VALUES ('floor', CURRENT_DATE, 0)");
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bulk_recipients (job_id, idx, jid, phone, status) "
                    + "VALUES ('floor0000000000000000000', ?, ?, ?, 'pending')")) {
                for (int i = 0; i < n; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "9190000" + i + "@s.whatsapp.net");
                    ins.setString(3, "9190000" + i);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String id = "FLOOR" + System.nanoTime();
                exec(c, "SELECT status FROM bulk_jobs WHERE id = 'floor0000000000000000000'");
                c.commit();
                exec(c, "SELECT idx FROM bulk_recipients WHERE job_id = 'floor0000000000000000000' AND status = 'pending' ORDER BY idx LIMIT 1");
                exec(c, "UPDATE bulk_recipients SET status = 'sending', message_id = '" + id + "' WHERE job_id = 'floor0000000000000000000' AND idx = " + i);
                c.commit();
                exec(c, "SELECT max_sessions FROM plans WHERE id = 'free'");
                exec(c, "UPDATE daily_usage SET sent = sent + 1 WHERE tenant_id = 'floor' AND usage_day = CURRENT_DATE AND sent < 100000000");
                exec(c, "INSERT INTO messages (tenant_id, session_id, message_id, direction, type, to_addr, body, status, created_at, updated_at) "
                        + "VALUES ('floor', 'floor', '" + id + "', 'outgoing', 'text', '9190000', 'x', 'pending', 0, 0)");
                c.commit();
                exec(c, "INSERT INTO sandbox_deliveries (tenant_id, session_id, message_id, to_jid, body, created_at) VALUES ('floor', 'floor', '" + id + "', 'x', 'x', 0)");
                c.commit();
                for (String status : new String[]{"sent", "delivered", "read"}) {
                    exec(c, "UPDATE messages SET status = '" + status + "' WHERE tenant_id = 'floor' AND message_id = '" + id + "'");
                    exec(c, "INSERT INTO events (tenant_id, session_id, type, payload, created_at) VALUES ('floor', 'floor', 'message_status', '{}', 0)");
                    c.commit();
                }
                exec(c, "UPDATE bulk_recipients SET status = 'sent', sent_at = 0 WHERE job_id = 'floor0000000000000000000' AND idx = " + i + " AND status = 'sending'");
                exec(c, "UPDATE bulk_jobs SET succeeded = succeeded + 1 WHERE id = 'floor0000000000000000000'");
                exec(c, "SELECT * FROM bulk_jobs WHERE id = 'floor0000000000000000000'");
                c.commit();
            }
            return (System.nanoTime() - t0) / 1e6 / n;
        }
    }

    static void exec(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement()) {
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    while (rs.next()) {
                        // drain
                    }
                }
            }
        }
    }

    /** Samples the server's used heap (its own base metric) every 25 ms: light enough not to disturb it. */
    static final class HeapSampler extends Thread {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong peakKb = new AtomicLong();

        HeapSampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            while (running.get()) {
                peakKb.accumulateAndGet((long) (Bench.usedHeapMb() * 1024), Math::max);
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        double stopAndPeak() throws InterruptedException {
            running.set(false);
            join();
            return peakKb.get() / 1024.0;
        }
    }

}
