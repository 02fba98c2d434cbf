import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives POST /send against a running server (see send-api.sh). Three runs of each part; medians.
 * Closed loop at fixed concurrency for the peak; open loop (fixed rate, latency measured from the
 * scheduled start so a stall is not hidden) at half the peak; a plain JDBC loop doing per message
 * the statements the server does (the floor); RSS idle and with 1,000 ready sandbox sessions.
 */
public class SendBench {
    static final int SESSIONS = 8;

    public static void main(String[] args) throws Exception {
        String adminKey = args[1];
        long pid = Long.parseLong(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String jdbc = args[5];
        Bench.awaitReady(args[0]);
        String key = Bench.tenant(adminKey);
        // Warm the session paths first (JIT, code cache, pools), so the 1,000 below measure sessions, not warm-up.
        for (int s = 0; s < 200; s++) {
            Bench.ready(key, "warm" + s, "9198100" + (1000 + s));
            Bench.call("DELETE", "/api/whatsapp/session/warm" + s, "X-API-Key", key, null);
        }
        Thread.sleep(3000);
        long idleRss = rssKb(pid, true);
        for (int s = 0; s < SESSIONS; s++) {
            Bench.ready(key, "s" + s, "9198000" + (1000 + s));
        }

        closedLoop(key, concurrency, 3); // warm-up
        List<double[]> peaks = new ArrayList<>();
        List<Double> floors = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            peaks.add(closedLoop(key, concurrency, seconds));
            floors.add(jdbcFloor(jdbc, concurrency, seconds));
        }
        double peak = Bench.median(peaks.stream().map(p -> p[0]).toList());
        double floor = Bench.median(floors);
        List<double[]> halves = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            halves.add(openLoop(key, peak / 2, seconds));
        }

        // Per-session cost: the difference made by 1,000 more ready sessions on the warmed-up server.
        Thread.sleep(3000);
        long beforeRss = rssKb(pid, true);
        double beforeHeap = Bench.usedHeapMb();
        for (int s = SESSIONS; s < 1000 + SESSIONS; s++) {
            Bench.ready(key, "idle" + s, "9198000" + (5000 + s));
        }
        Thread.sleep(3000);
        long busyRss = rssKb(pid, true);
        double busyHeap = Bench.usedHeapMb();

        System.out.println();
        System.out.printf("Send benchmark: %d sessions, concurrency %d, %d s per run, medians of 3 runs%n", SESSIONS,
                concurrency, seconds);
        System.out.printf("  API  POST /send:       %7.0f sends/s   p50 %5.1f ms   p99 %5.1f ms%n", peak,
                Bench.median(peaks.stream().map(p -> p[1]).toList()), Bench.median(peaks.stream().map(p -> p[2]).toList()));
        System.out.printf("  JDBC floor, same writes: %7.0f msgs/s  -> API reaches %.0f%% of the floor (target >= 60%%)%n",
                floor, 100 * peak / floor);
        System.out.printf("  at half the peak (%.0f/s): p50 %5.1f ms   p99 %5.1f ms (target p99 < 50 ms)%n", peak / 2,
                Bench.median(halves.stream().map(p -> p[1]).toList()), Bench.median(halves.stream().map(p -> p[2]).toList()));
        System.out.printf("  RSS idle %d MB; after the load %d MB; with 1,000 more ready sessions %d MB -> %.1f KB per session (target < 50 KB)%n",
                idleRss / 1024, beforeRss / 1024, busyRss / 1024, (busyRss - beforeRss) / 1000.0);
        System.out.printf("  live heap after a full GC: before %.1f MB, with them %.1f MB -> %.1f KB per session%n",
                beforeHeap, busyHeap, (busyHeap - beforeHeap) * 1024 / 1000);
    }

    /** @return sends/s, p50 ms, p99 ms */
    static double[] closedLoop(String key, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perThread = new ArrayList<>();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                long[] latencies = new long[1 << 20];
                perThread.add(latencies);
                pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < latencies.length) {
                        long t0 = System.nanoTime();
                        if (!send(key, counter.getAndIncrement())) {
                            errors.incrementAndGet();
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                    latencies[latencies.length - 1] = n;
                    return null;
                });
            }
        }
        long[] all = perThread.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted().toArray();
        if (errors.get() > 0) {
            System.out.println("  (errors: " + errors.get() + ")");
        }
        return new double[]{all.length / (double) seconds, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6};
    }

    /** @return achieved rate, p50 ms, p99 ms, latency counted from each request's scheduled start */
    static double[] openLoop(String key, double rate, int seconds) throws Exception {
        int total = (int) (rate * seconds);
        long[] latencies = new long[total];
        long intervalNanos = (long) (1e9 / rate);
        AtomicInteger counter = new AtomicInteger(1_000_000);
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * intervalNanos;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                pool.submit(() -> {
                    send(key, counter.getAndIncrement());
                    latencies[index] = System.nanoTime() - scheduled;
                    return null;
                });
            }
        }
        Arrays.sort(latencies);
        return new double[]{total / ((System.nanoTime() - start) / 1e9), latencies[total / 2] / 1e6,
                latencies[(int) (total * 0.99)] / 1e6};
    }

    static boolean send(String key, int n) {
        try {
            String body = "{\"to\":\"91" + (7_000_000_000L + n) + "\",\"message\":\"Your OTP is " + (100000 + n % 900000) + "\"}";
            HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/whatsapp/session/s" + (n % SESSIONS) + "/send"))
                    .header("X-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The floor: per message, over {@code concurrency} connections, the database work one send costs
     * the server (read-committed, a commit per transaction as the server does): authenticate the key and
     * read the plan; reserve + log (one transaction); the sandbox's delivery; mark sent + event; the
     * three acks (sent is a no-op update, delivered and read each update + event).
     */
    static double jdbcFloor(String url, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicLong ids = new AtomicLong(System.nanoTime());
        try (Connection setup = DriverManager.getConnection(url)) {
            setup.createStatement().execute("INSERT IGNORE INTO daily_usage VALUES ('floor', CURRENT_DATE, 0)");
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url)) {
                        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                        c.setAutoCommit(false);
                        PreparedStatement tenant = c.prepareStatement("SELECT * FROM tenants WHERE api_key_hash = ?");
                        PreparedStatement plan = c.prepareStatement("SELECT * FROM plans WHERE id = 'bench'");
                        PreparedStatement reserve = c.prepareStatement("UPDATE daily_usage SET sent = sent + 1 WHERE tenant_id = 'floor' AND usage_day = CURRENT_DATE AND sent < 1000000000");
                        PreparedStatement log = c.prepareStatement("INSERT INTO messages (tenant_id, session_id, message_id, direction, type, to_addr, from_addr, body, status, created_at, updated_at) VALUES ('floor', 's0', ?, 'outgoing', 'text', '919876543210', '919800001000', 'Your OTP is 123456', 'pending', 0, 0)");
                        PreparedStatement delivery = c.prepareStatement("INSERT INTO sandbox_deliveries (tenant_id, session_id, message_id, to_jid, type, body, created_at) VALUES ('floor', 's0', ?, '919876543210@s.whatsapp.net', 'text', 'Your OTP is 123456', 0)");
                        PreparedStatement advance = c.prepareStatement("UPDATE messages SET status = ?, updated_at = 1 WHERE tenant_id = 'floor' AND message_id = ? AND status IN (?, ?, ?)");
                        PreparedStatement event = c.prepareStatement("INSERT INTO events (tenant_id, session_id, type, payload, created_at) VALUES ('floor', 's0', 'message_status', ?, 0)");
                        while (System.nanoTime() < end) {
                            String id = "3EB0" + Long.toHexString(ids.incrementAndGet());
                            tenant.setString(1, "x".repeat(64));
                            drain(tenant.executeQuery());
                            drain(plan.executeQuery());
                            c.commit();
                            drain(plan.executeQuery());
                            reserve.executeUpdate();
                            log.setString(1, id);
                            log.executeUpdate();
                            c.commit();
                            delivery.setString(1, id);
                            delivery.executeUpdate();
                            c.commit();
                            for (String status : new String[]{"sent", "sent", "delivered", "read"}) {
                                advance.setString(1, status);
                                advance.setString(2, id);
                                advance.setString(3, "pending");
                                advance.setString(4, status.equals("sent") ? "pending" : "sent");
                                advance.setString(5, status.equals("read") ? "delivered" : "pending");
                                if (advance.executeUpdate() > 0) {
                                    event.setString(1, "{\"messageId\":\"" + id + "\",\"status\":\"" + status + "\"}");
                                    event.executeUpdate();
                                }
                                c.commit();
                            }
                            done.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        return done.get() / (double) seconds;
    }

    static void drain(ResultSet rs) throws Exception {
        try (rs) {
            while (rs.next()) {
                // read every row, as the server does
            }
        }
    }

    static long rssKb(long pid, boolean gcFirst) throws Exception {
        if (gcFirst) {
            new ProcessBuilder(System.getProperty("java.home") + "/bin/jcmd", String.valueOf(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Thread.sleep(1000);
        }
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

}
