import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The floor cost of a send: a plain JDBC loop doing, per message, the database work the server does for
 * one {@code POST /send} on the sandbox engine, over CONCURRENCY connections (one per thread), for
 * SECONDS after a 2 s warm-up. No pool, no ORM, no HTTP: what is left is what the database itself
 * costs, so the API's throughput divided by this one is the share of the floor the server reaches.
 *
 * <pre>
 *   java -cp mariadb-java-client.jar JdbcFloor.java JDBC_URL CONCURRENCY SECONDS [MARIADBD_PID=0] [TENANT=floor] [PLAN=bench]
 *   -> FLOOR msgs_per_s request_p50_ms request_p99_ms message_p50_ms message_p99_ms client_cpu_ms_per_msg mariadb_cpu_ms_per_msg
 * </pre>
 *
 * CPU per message is measured over the timed window only: this process's (getProcessCpuTime) and, when
 * MARIADBD_PID is given, the database server's (utime + stime from /proc/PID/stat; -1 otherwise).
 * With {@code -Dfloor.serve} it warms up once, prints READY and then does one measured run per line it
 * reads from stdin (a script interleaves them with other work without a JVM start and warm-up each time).
 * With {@code -Dfloor.splitReserve=true} step 1 commits after the UPDATE of daily_usage and logs the
 * message in a second transaction: what the server was seen doing at run time (see the README), rather
 * than what its code declares.
 *
 * <p>Run against the benchmark's own database (same schema, migrated by the server) under its own tenant
 * id, so its rows never touch the API tenant's. The statements mirror the server's code (read committed,
 * as its pool is configured), in the server's transaction boundaries:
 *
 * <ol>
 *   <li>MessageLog.accept → reserveAndLog, one transaction: the plan read by UsageService.reserve
 *       (TenantService.plan → em.find(PlanEntity), not cached), the conditional UPDATE of
 *       daily_usage, the INSERT into messages (status pending). (UsageService.prepareToday's
 *       INSERT IGNORE runs once per tenant and day, so it is done once at start here.)</li>
 *   <li>SandboxConnection.send → SandboxDeliveryRepository.insert, a transaction of its own:
 *       INSERT sandbox_deliveries.</li>
 *   <li>MessageLog.markSent, one transaction: UPDATE messages to sent (from pending) and, as it
 *       changed a row, INSERT events (message_status).</li>
 *   <li>The sandbox's two acks, ackDelay and 2 x ackDelay later, each MessageLog.recordAck in one
 *       transaction: UPDATE messages to delivered (from pending, sent) + INSERT events; then to read
 *       (from pending, sent, delivered) + INSERT events. Accepting the message is the network's
 *       "sent", so the sandbox sends no separate sent ack.</li>
 * </ol>
 *
 * Not mirrored: authentication (cached by the server for 5 s per key, so one SELECT per 5 s) and the
 * session check (in memory). "request" latency is steps 1-3, the part a POST /send waits for; "message"
 * latency is all five transactions.
 */
public class JdbcFloor {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final boolean SPLIT_RESERVE = Boolean.getBoolean("floor.splitReserve");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        long mariadbPid = args.length > 3 ? Long.parseLong(args[3]) : 0;
        String tenant = args.length > 4 ? args[4] : "floor";
        String plan = args.length > 5 ? args[5] : "bench";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            // UsageService.prepareToday: once per tenant and day.
            s.execute("INSERT IGNORE INTO daily_usage (tenant_id, usage_day, sent) VALUES ('" + tenant + "', UTC_DATE(), 0)");
        }
        run(url, concurrency, 2, tenant, plan); // warm-up: JIT, driver, server-side caches
        if (System.getProperty("floor.serve") == null) {
            measure(url, concurrency, seconds, mariadbPid, tenant, plan);
            return;
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("READY");
        System.out.flush();
        while (stdin.readLine() != null) {
            measure(url, concurrency, seconds, mariadbPid, tenant, plan);
        }
    }

    static void measure(String url, int concurrency, int seconds, long mariadbPid, String tenant, String plan)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long db0 = ticks(mariadbPid);
        long start = System.nanoTime();
        List<long[][]> results = run(url, concurrency, seconds, tenant, plan);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu1 = os.getProcessCpuTime();
        long db1 = ticks(mariadbPid);
        long[] request = results.stream().flatMapToLong(r -> Arrays.stream(r[0], 0, (int) r[2][0])).sorted().toArray();
        long[] message = results.stream().flatMapToLong(r -> Arrays.stream(r[1], 0, (int) r[2][0])).sorted().toArray();
        int n = message.length;
        System.out.printf("FLOOR %.1f %.2f %.2f %.2f %.2f %.3f %.3f%n", n / elapsed, pct(request, 0.50),
                pct(request, 0.99), pct(message, 0.50), pct(message, 0.99), (cpu1 - cpu0) / 1e6 / n,
                db0 < 0 || db1 < 0 ? -1.0 : (db1 - db0) * 10.0 / n);
        System.out.flush();
    }

    /** utime + stime of a process in clock ticks (100 per second on Linux), or -1. */
    static long ticks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] / 1e6;
    }

    /** @return per thread: request latencies, message latencies, {count} */
    static List<long[][]> run(String url, int concurrency, int seconds, String tenant, String plan) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[][]>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                int thread = t;
                futures.add(pool.submit(() -> loop(url, end, tenant, plan, "s" + (thread % 8))));
            }
        }
        List<long[][]> results = new ArrayList<>();
        for (Future<long[][]> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    static long[][] loop(String url, long end, String tenant, String plan, String session) throws Exception {
        long[] request = new long[1 << 18];
        long[] message = new long[1 << 18];
        int n = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            c.setAutoCommit(false);
            PreparedStatement readPlan = c.prepareStatement(
                    "SELECT id, daily_message_limit, max_sessions, name FROM plans WHERE id = ?");
            PreparedStatement reserve = c.prepareStatement(
                    "UPDATE daily_usage SET sent = sent + 1 WHERE tenant_id = ? AND usage_day = ? AND sent < ?");
            PreparedStatement log = c.prepareStatement("INSERT INTO messages (body, created_at, direction, error_code, "
                    + "file_name, from_addr, media_mime, media_size, message_id, session_id, status, tenant_id, to_addr, "
                    + "type, updated_at) VALUES (?, ?, 'outgoing', NULL, NULL, '919800001000', NULL, NULL, ?, ?, "
                    + "'pending', ?, ?, 'text', ?)", Statement.RETURN_GENERATED_KEYS);
            PreparedStatement delivery = c.prepareStatement("INSERT INTO sandbox_deliveries (tenant_id, session_id, "
                    + "message_id, to_jid, type, body, mime_type, size_bytes, sha256, file_name, voice_note, poll, created_at) "
                    + "VALUES (?, ?, ?, ?, 'text', ?, NULL, NULL, NULL, NULL, NULL, NULL, ?)");
            PreparedStatement[] advance = {
                    c.prepareStatement("UPDATE messages SET status = 'sent', error_code = NULL, updated_at = ? "
                            + "WHERE tenant_id = ? AND message_id = ? AND status IN ('pending')"),
                    c.prepareStatement("UPDATE messages SET status = 'delivered', error_code = NULL, updated_at = ? "
                            + "WHERE tenant_id = ? AND message_id = ? AND status IN ('pending', 'sent')"),
                    c.prepareStatement("UPDATE messages SET status = 'read', error_code = NULL, updated_at = ? "
                            + "WHERE tenant_id = ? AND message_id = ? AND status IN ('pending', 'sent', 'delivered')")};
            String[] statuses = {"sent", "delivered", "read"};
            PreparedStatement event = c.prepareStatement("INSERT INTO events (created_at, payload, session_id, "
                    + "tenant_id, type) VALUES (?, ?, ?, ?, 'message_status')", Statement.RETURN_GENERATED_KEYS);
            byte[] random = new byte[8];
            long counter = ThreadLocalRandom.current().nextLong(1_000_000_000L);
            while (System.nanoTime() < end && n < request.length) {
                long t0 = System.nanoTime();
                long now = System.currentTimeMillis();
                ThreadLocalRandom.current().nextBytes(random);
                String id = "3EB0" + HEX.formatHex(random);
                String to = "91" + (7_000_000_000L + counter++ % 1_000_000_000L);
                String body = "Your OTP is " + (100000 + counter % 900000);
                // 1. reserve + log
                readPlan.setString(1, plan);
                int limit = Integer.MAX_VALUE;
                try (ResultSet rs = readPlan.executeQuery()) {
                    if (rs.next()) {
                        limit = rs.getInt(2);
                    }
                }
                reserve.setString(1, tenant);
                reserve.setDate(2, java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC)));
                reserve.setInt(3, limit);
                if (reserve.executeUpdate() != 1) {
                    throw new IllegalStateException("daily_usage row missing or limit reached");
                }
                if (SPLIT_RESERVE) {
                    c.commit();
                }
                log.setString(1, body);
                log.setLong(2, now);
                log.setString(3, id);
                log.setString(4, session);
                log.setString(5, tenant);
                log.setString(6, to);
                log.setLong(7, now);
                log.executeUpdate();
                drain(log.getGeneratedKeys());
                c.commit();
                // 2. the sandbox's delivery
                delivery.setString(1, tenant);
                delivery.setString(2, session);
                delivery.setString(3, id);
                delivery.setString(4, to + "@s.whatsapp.net");
                delivery.setString(5, body);
                delivery.setLong(6, now);
                delivery.executeUpdate();
                c.commit();
                // 3. sent; 4. and 5. the delivered and read acks
                for (int step = 0; step < 3; step++) {
                    long at = System.currentTimeMillis();
                    advance[step].setLong(1, at);
                    advance[step].setString(2, tenant);
                    advance[step].setString(3, id);
                    if (advance[step].executeUpdate() > 0) {
                        event.setLong(1, at);
                        event.setString(2, "{\"messageId\":\"" + id + "\",\"status\":\"" + statuses[step] + "\"}");
                        event.setString(3, session);
                        event.setString(4, tenant);
                        event.executeUpdate();
                        drain(event.getGeneratedKeys());
                    }
                    c.commit();
                    if (step == 0) {
                        request[n] = System.nanoTime() - t0;
                    }
                }
                message[n] = System.nanoTime() - t0;
                n++;
            }
        }
        return new long[][]{request, message, {n}};
    }

    static void drain(ResultSet rs) throws Exception {
        try (rs) {
            while (rs.next()) {
                rs.getLong(1);
            }
        }
    }
}
