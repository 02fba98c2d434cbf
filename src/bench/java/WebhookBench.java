import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives the webhook-delivery benchmark against a running server (see webhook-delivery.sh).
 *
 * <p>An in-process receiver (JDK HttpServer, 16 threads, keep-alive, 200 with no body) is the
 * tenant's default webhook for {@code message} events. Incoming messages are injected through the
 * sandbox ({@code POST /api/sandbox/session/{id}/incoming}) over several sessions; each one is one
 * {@code message} event and one delivery. Every message body carries a phase and an index
 * ({@code p<phase>-<i>}), so the receiver knows exactly which deliveries of a phase arrived, how
 * often, and in which order per session.
 *
 * <ol>
 *   <li>warm-up: rounds of events injected at full speed while delivering, until the delivery rate
 *       stops improving by more than 10% (3 rounds at least, 8 at most), then 5 s at the first steady rate;</li>
 *   <li>throughput with many events queued: the receiver answers 503 while N events are injected
 *       (the deliveries stay queued, retried with the short backoff the script configures); once all
 *       N are pending it answers 200, and the clock runs from that switch until the last of the N
 *       arrived: deliveries/s, and the server's (and MariaDB's) CPU per delivery;</li>
 *   <li>latency at steady rates: an open loop injects events at fixed intervals for a while; each
 *       delivery's latency is its receipt time minus the payload's {@code timestamp} (event creation,
 *       same machine clock): p50/p99 per rate.</li>
 * </ol>
 * Parts 2 and 3 run {@code runs} times; medians are printed, with the targets met or MISSED.
 *
 * <p>Arguments: base adminKey events sessions runs rates(comma) seconds serverPid mariadbPid summaryFile
 */
public class WebhookBench {
    static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");
    static final Pattern TAG = Pattern.compile("\"body\":\"p(\\d+)-(\\d+)\"");
    static final Pattern SESSION = Pattern.compile("\"sessionId\":\"s(\\d+)\"");
    static final long TICK_MS = 10; // USER_HZ 100

    /** What the receiver saw of one phase's deliveries. */
    static final class Phase {
        final int n;
        final long[] firstAt;       // receipt time (ms) of the first 2xx, 0 = not yet
        final long[] latency;       // receipt - payload timestamp (ms) of that first receipt
        final AtomicInteger distinct = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final long[] lastEventIdPerSession = new long[64];
        final int[] sessionOf;
        final CountDownLatch all;

        Phase(int n) {
            this.n = n;
            this.firstAt = new long[n];
            this.latency = new long[n];
            this.sessionOf = new int[n];
            this.all = new CountDownLatch(n);
        }
    }

    static final Map<Integer, Phase> PHASES = new ConcurrentHashMap<>();
    static volatile boolean refuse;           // answer 503
    static final AtomicLong REFUSED = new AtomicLong();
    static final AtomicLong UNEXPECTED = new AtomicLong();
    static final AtomicLong INJECT_ERRORS = new AtomicLong();
    static String key;
    static int sessions;

    public static void main(String[] args) throws Exception {
        String adminKey = args[1];
        int events = Integer.parseInt(args[2]);
        sessions = Integer.parseInt(args[3]);
        int runs = Integer.parseInt(args[4]);
        int[] rates = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[6]);
        long serverPid = Long.parseLong(args[7]);
        long mariadbPid = Long.parseLong(args[8]);
        Path summary = Path.of(args[9]);
        int concurrency = Integer.parseInt(System.getenv().getOrDefault("BENCH_WEBHOOK_CONCURRENCY", "4"));
        int warmupEvents = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP_EVENTS", "4000"));
        Bench.awaitReady(args[0]);

        key = Bench.tenant(adminKey);
        for (int s = 0; s < sessions; s++) {
            Bench.ready(key, "s" + s, "9198000" + String.format("%05d", s));
        }
        HttpServer receiver = startReceiver();
        int port = receiver.getAddress().getPort();
        Bench.call("PUT", "/api/settings/webhook", "X-API-Key", key, "{\"url\":\"http://127.0.0.1:" + port
                + "/hook\",\"secret\":\"bench-webhook-secret\",\"events\":[\"message\"]}");
        log("receiver on 127.0.0.1:" + port + "; " + sessions + " sessions ready; webhook set (message events, signed)");

        AtomicInteger phaseIds = new AtomicInteger();

        // 1. Warm-up: inject at full speed while delivering, until the rate settles.
        double previous = 0;
        for (int round = 1; round <= 8; round++) {
            Phase p = newPhase(phaseIds.incrementAndGet(), warmupEvents);
            long t0 = System.nanoTime();
            injectBurst(phaseIds.get(), warmupEvents, 16);
            awaitAll(p, 120);
            double rate = warmupEvents / ((System.nanoTime() - t0) / 1e9);
            log(String.format("warm-up round %d: %d events injected and delivered at %.0f/s", round, warmupEvents, rate));
            if (round >= 3 && rate < previous * 1.10) {
                break;
            }
            previous = Math.max(previous, rate);
        }
        Phase steady = newPhase(phaseIds.incrementAndGet(), rates[0] * 5);
        injectOpenLoop(phaseIds.get(), rates[0] * 5, rates[0]);
        awaitAll(steady, 120);
        log("warm-up: 5 s at " + rates[0] + "/s");

        // 2. Throughput with many events queued.
        List<double[]> tput = new ArrayList<>(); // rate from switch, rate first..last, server ms/delivery, mariadb ms/delivery
        List<String> tputLines = new ArrayList<>();
        int tputDup = 0;
        int tputOoo = 0;
        for (int run = 1; run <= runs; run++) {
            int id = phaseIds.incrementAndGet();
            Phase p = newPhase(id, events);
            refuse = true;
            long r0 = REFUSED.get();
            long ic0 = ticks(serverPid);
            long i0 = System.nanoTime();
            injectBurst(id, events, 16);
            double injectSeconds = (System.nanoTime() - i0) / 1e9;
            double injectMs = (ticks(serverPid) - ic0) * TICK_MS / (double) events;
            long pending = pendingTotal();
            for (int i = 0; i < 100 && pending < events; i++) {
                Thread.sleep(100);
                pending = pendingTotal();
            }
            if (pending < events) {
                throw new IllegalStateException("only " + pending + " of " + events + " deliveries pending after injection");
            }
            Thread.sleep(500); // let the 503 retries settle into their backoff
            long cpu0 = ticks(serverPid);
            long db0 = ticks(mariadbPid);
            long switchAt = System.currentTimeMillis();
            long t0 = System.nanoTime();
            refuse = false;
            if (!p.all.await(600, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("run " + run + ": only " + p.distinct.get() + " of " + events + " arrived in 600 s");
            }
            double took = (System.nanoTime() - t0) / 1e9;
            long cpu1 = ticks(serverPid);
            long db1 = ticks(mariadbPid);
            long first = Long.MAX_VALUE;
            long last = 0;
            for (long t : p.firstAt) {
                first = Math.min(first, t);
                last = Math.max(last, t);
            }
            double rate = events / took;
            double spread = events / Math.max(0.001, (last - first) / 1000.0);
            double serverMs = (cpu1 - cpu0) * TICK_MS / (double) events;
            double dbMs = mariadbPid > 0 ? (db1 - db0) * TICK_MS / (double) events : Double.NaN;
            Thread.sleep(300);
            long left = pendingTotal();
            tput.add(new double[]{rate, spread, serverMs, dbMs, events / injectSeconds, injectMs});
            tputDup += p.duplicates.get();
            tputOoo += p.outOfOrder.get();
            String line = String.format("  run %d  %6.0f deliveries/s from the switch (%5.2f s; first delivery %4d ms after it; "
                            + "%6.0f/s first..last)  server CPU %.3f ms/delivery, MariaDB %.3f  | injected at %4.0f/s (server CPU %.2f ms/event "
                            + "incl. the 503 retries), %d 503s, %d duplicates, %d out of order, %d pending after",
                    run, rate, took, first - switchAt, spread, serverMs, dbMs, events / injectSeconds, injectMs,
                    REFUSED.get() - r0, p.duplicates.get(), p.outOfOrder.get(), left);
            tputLines.add(line);
            log(line.trim());
        }

        // 3. Latency at steady rates below saturation.
        List<String> latLines = new ArrayList<>();
        Map<Integer, List<double[]>> lat = new java.util.LinkedHashMap<>(); // rate -> [achieved, p50, p99, max, server ms]
        int latDup = 0;
        int latOoo = 0;
        int latMissing = 0;
        for (int run = 1; run <= runs; run++) {
            for (int rate : rates) {
                int n = rate * seconds;
                int id = phaseIds.incrementAndGet();
                Phase p = newPhase(id, n);
                long cpu0 = ticks(serverPid);
                long t0 = System.nanoTime();
                injectOpenLoop(id, n, rate);
                double injectSeconds = (System.nanoTime() - t0) / 1e9;
                boolean complete = p.all.await(120, java.util.concurrent.TimeUnit.SECONDS);
                long cpu1 = ticks(serverPid);
                latMissing += p.n - p.distinct.get();
                long[] l = Arrays.stream(p.latency, 0, n).filter(x -> x >= 0).toArray();
                Arrays.sort(l);
                double[] row = {n / injectSeconds, pct(l, 50), pct(l, 99), l.length == 0 ? 0 : l[l.length - 1],
                        (cpu1 - cpu0) * TICK_MS / (double) n};
                // The slowest session's median: shows a lane left waiting while others are served.
                double worst = 0;
                int worstSession = 0;
                for (int s = 0; s < sessions; s++) {
                    final int session = s;
                    long[] ls = java.util.stream.IntStream.range(0, n).filter(i -> p.latency[i] >= 0 && p.sessionOf[i] == session)
                            .mapToLong(i -> p.latency[i]).sorted().toArray();
                    if (pct(ls, 50) > worst) {
                        worst = pct(ls, 50);
                        worstSession = s;
                    }
                }

                latDup += p.duplicates.get();
                latOoo += p.outOfOrder.get();
                double[] kept = Arrays.copyOf(row, 6);
                kept[5] = worst;
                lat.computeIfAbsent(rate, r -> new ArrayList<>()).add(kept);
                String line = String.format("  run %d  %4d/s for %d s (injected at %5.0f/s)  p50 %6.1f ms  p99 %7.1f ms  max %6.0f ms"
                                + "  (slowest session s%d: p50 %6.1f ms)  server CPU %.3f ms/event%s, %d duplicates, %d out of order",
                        run, rate, seconds, row[0], row[1], row[2], row[3], worstSession, worst, row[4],
                        complete ? "" : " INCOMPLETE " + p.distinct.get() + "/" + n, p.duplicates.get(), p.outOfOrder.get());
                latLines.add(line);
                log(line.trim());
            }
        }
        receiver.stop(0);

        // Summary.
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nWebhook delivery benchmark: %d sessions, concurrency per endpoint %d, signed payloads, "
                + "medians of %d runs%n", sessions, concurrency, runs));
        out.append(String.format("throughput, %d events queued (receiver 503 while injecting, then 200):%n", events));
        tputLines.forEach(l -> out.append(l).append('\n'));
        out.append("latency, event creation (payload timestamp) to receipt, open loop of incoming messages:\n");
        latLines.forEach(l -> out.append(l).append('\n'));
        double rate = median(tput, 0);
        out.append(String.format("%nmedians%n"));
        out.append(String.format("  deliveries/s with %d queued           %6.0f   (first..last delivery %.0f/s)   server CPU %.3f ms/delivery, MariaDB %.3f%n",
                events, rate, median(tput, 1), median(tput, 2), median(tput, 3)));
        out.append(String.format("  (for scale: the sandbox incoming API accepted %.0f events/s at %.2f ms server CPU each)%n",
                median(tput, 4), median(tput, 5)));
        // A rate counts as below saturation when the open loop kept it (>= 95%: the incoming API kept up) and it
        // is under 80% of the queued delivery rate. Every rate is shown with its own verdict.
        boolean latencyMet = true;
        int below = 0;
        List<String> counted = new ArrayList<>();
        for (Map.Entry<Integer, List<double[]>> e : lat.entrySet()) {
            double p50 = median(e.getValue(), 1);
            double p99 = median(e.getValue(), 2);
            double achieved = median(e.getValue(), 0);
            boolean belowSaturation = achieved >= e.getKey() * 0.95 && e.getKey() < rate * 0.8;
            if (belowSaturation) {
                below++;
                latencyMet &= p99 < 200;
                counted.add(e.getKey() + "/s");
            }
            double worst = median(e.getValue(), 5);
            out.append(String.format("  latency at %4d/s (kept %4.0f/s)  p50 %6.1f ms   p99 %7.1f ms %-7s  max %6.0f ms   slowest session's p50 %6.1f ms%s"
                            + "   server CPU %.3f ms/event%s%n",
                    e.getKey(), achieved, p50, p99, p99 < 200 ? "(<200)" : "(>=200)", median(e.getValue(), 3), worst,
                    worst > Math.max(3 * p50, p50 + 50) ? " STARVED" : "", median(e.getValue(), 4),
                    belowSaturation ? "" : "   [saturated: not counted]"));
        }
        out.append(String.format("%ntargets: >= 1,000 deliveries/s: %s (%.0f/s); p99 < 200 ms below saturation (%s): %s%n",
                rate >= 1000 ? "met" : "MISSED", rate, below == 0 ? "no rate below saturation" : String.join(", ", counted),
                below == 0 ? "not measured" : latencyMet ? "met" : "MISSED"));
        out.append(String.format("health: %d duplicates, %d out of order, %d missing, %d unexpected requests, %d injection errors%n",
                tputDup + latDup, tputOoo + latOoo, latMissing, UNEXPECTED.get(), INJECT_ERRORS.get()));
        System.out.print(out);
        Files.writeString(summary, out.toString());
        System.exit(0); // the receiver's pool threads would keep the JVM alive
    }

    static Phase newPhase(int id, int n) {
        Phase p = new Phase(n);
        Arrays.fill(p.latency, -1);
        PHASES.put(id, p);
        return p;
    }

    static HttpServer startReceiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", WebhookBench::receive);
        server.start();
        return server;
    }

    static void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            long now = System.currentTimeMillis();
            if (refuse) {
                REFUSED.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            // Record before answering: the server sends a lane's next delivery once this one is answered.
            record(exchange, new String(bytes, StandardCharsets.UTF_8), now);
            exchange.sendResponseHeaders(200, -1);
        }
    }

    static void record(HttpExchange exchange, String body, long now) {
        Matcher tag = TAG.matcher(body);
        Matcher ts = TIMESTAMP.matcher(body);
        Matcher session = SESSION.matcher(body);
        if (!tag.find() || !ts.find() || !session.find()) {
            UNEXPECTED.incrementAndGet();
            return;
        }
        Phase p = PHASES.get(Integer.parseInt(tag.group(1)));
        int i = Integer.parseInt(tag.group(2));
        if (p == null || i >= p.n) {
            UNEXPECTED.incrementAndGet();
            return;
        }
        long eventId = Long.parseLong(exchange.getRequestHeaders().getFirst("X-Wapi-Event-Id"));
        int s = Integer.parseInt(session.group(1));
        synchronized (p) {
            if (p.firstAt[i] != 0) {
                p.duplicates.incrementAndGet();
                return;
            }
            p.firstAt[i] = now;
            p.latency[i] = now - Long.parseLong(ts.group(1));
            p.sessionOf[i] = s;
            if (eventId < p.lastEventIdPerSession[s]) {
                p.outOfOrder.incrementAndGet();
            }
            p.lastEventIdPerSession[s] = Math.max(p.lastEventIdPerSession[s], eventId);
        }
        p.distinct.incrementAndGet();
        p.all.countDown();
    }

    /** Injects n events of a phase as fast as {@code threads} closed-loop clients go, round-robin over the sessions. */
    static void injectBurst(int phase, int n, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        inject(phase, i);
                    }
                });
            }
        }
    }

    /** Injects n events at a fixed rate: each request is due at its slot, whatever the ones before it did. */
    static void injectOpenLoop(int phase, int n, int rate) throws Exception {
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                long due = t0 + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                int index = i;
                pool.execute(() -> inject(phase, index));
            }
        }
    }

    static void inject(int phase, int i) {
        String body = "{\"from\":\"91987" + String.format("%07d", i % 10_000_000) + "\",\"body\":\"p" + phase + "-" + i + "\"}";
        try {
            HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + "/api/sandbox/session/s"
                            + (i % sessions) + "/incoming")).header("X-API-Key", key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                INJECT_ERRORS.incrementAndGet();
                if (INJECT_ERRORS.get() < 5) {
                    log("incoming -> " + r.statusCode() + " " + r.body());
                }
            }
        } catch (Exception e) {
            if (INJECT_ERRORS.incrementAndGet() < 5) {
                log("incoming failed: " + e);
            }
        }
    }

    static void awaitAll(Phase p, int seconds) throws InterruptedException {
        if (!p.all.await(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + p.distinct.get() + " of " + p.n + " deliveries arrived in " + seconds + " s");
        }
    }

    static long pendingTotal() throws Exception {
        Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(
                Bench.call("GET", "/api/settings/webhook/deliveries?status=pending&limit=1", "X-API-Key", key, null));
        if (!m.find()) {
            throw new IllegalStateException("no total in the delivery log");
        }
        return Long.parseLong(m.group(1));
    }

    static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14 and 15)
        } catch (IOException e) {
            return 0;
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
    }

    static void log(String s) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), s);
    }
}
