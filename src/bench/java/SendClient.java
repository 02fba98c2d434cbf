import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP side of src/bench/send-throughput.sh. One self-contained file, run with the JDK's source launcher
 * ({@code java SendClient.java ...}, Java 21+, nothing to build). Sub-commands:
 *
 * <pre>
 *   setup BASE ADMIN_KEY                          -> prints the API key of a tenant on plan "bench"
 *   ready BASE API_KEY PREFIX COUNT PARALLEL      -> creates and scans sessions PREFIX0..PREFIX{COUNT-1}
 *   rate  BASE API_KEY SESSIONS RATE SECONDS [RUNS=1] [CONNECTIONS=64]
 *                                                 -> open loop at a fixed rate on sessions s0..s{SESSIONS-1};
 *                                                    prints "RATE achieved p50_ms p99_ms max_ms errors" per run
 *   heap  BASE                                    -> the server's used heap in MB (base metrics)
 * </pre>
 *
 * The open loop schedules request i at start + i/rate and measures its latency from that scheduled
 * instant, not from when it was actually sent, so a server stall shows up in the percentiles instead of
 * silently lowering the offered rate (the "coordinated omission" a closed loop has). The other commands
 * use java.net.http; the open loop speaks HTTP/1.1 on plain sockets to stay light.
 */
public class SendClient {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> System.out.println(setup(args[1], args[2]));
            case "ready" -> ready(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "rate" -> rate(args[1], args[2], Integer.parseInt(args[3]), Double.parseDouble(args[4]),
                    Integer.parseInt(args[5]), args.length > 6 ? Integer.parseInt(args[6]) : 1,
                    args.length > 7 ? Integer.parseInt(args[7]) : 64);
            case "heap" -> System.out.printf("%.1f%n", usedHeapMb(args[1]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** A plan without practical limits and a tenant on it; returns the tenant's API key. */
    static String setup(String base, String adminKey) throws Exception {
        call(base, "PUT", "/api/admin/plans/bench", "X-Admin-Key", adminKey,
                "{\"name\":\"bench\",\"maxSessions\":2000,\"dailyMessageLimit\":100000000}");
        return field(call(base, "POST", "/api/admin/tenants", "X-Admin-Key", adminKey,
                "{\"name\":\"Bench\",\"email\":\"bench@example.com\",\"plan\":\"bench\"}"), "apiKey");
    }

    /** Creates sessions and links each with the sandbox's simulated QR scan, PARALLEL at a time. */
    static void ready(String base, String key, String prefix, int count, int parallel) throws Exception {
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            for (int i = 0; i < count; i++) {
                String session = prefix + i;
                // 12 digits, unique per session and prefix.
                String phone = "91" + (9_800_000_000L + Math.abs((long) prefix.hashCode() % 100) * 10_000 + i);
                done.add(pool.submit(() -> {
                    readyOne(base, key, session, phone);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        System.err.printf("  readied %d sessions in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    }

    static void readyOne(String base, String key, String session, String phone) throws Exception {
        call(base, "POST", "/api/whatsapp/session", "X-API-Key", key, "{\"sessionId\":\"" + session + "\"}");
        String path = "/api/whatsapp/session/" + session + "/status";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!call(base, "GET", path, "X-API-Key", key, null).contains("\"qr_ready\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(session + " never showed a QR code");
            }
            Thread.sleep(5);
        }
        call(base, "POST", "/api/sandbox/session/" + session + "/scan", "X-API-Key", key,
                "{\"phoneNumber\":\"" + phone + "\"}");
        while (!call(base, "GET", path, "X-API-Key", key, null).contains("\"ready\"")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(session + " never became ready");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Open loop: a 3 s warm-up at the same rate (not recorded), then RUNS recorded runs of SECONDS, 2 s apart,
     * one "RATE ..." line each. A plain HTTP/1.1 client on persistent sockets (CONNECTIONS of them, each
     * served by a virtual thread) keeps the load generator's own CPU small next to the server's on a 2-CPU
     * machine; a request waits for a free connection only when CONNECTIONS are in flight, and that wait counts.
     */
    static void rate(String base, String key, int sessions, double rate, int seconds, int runs, int connections)
            throws Exception {
        URI uri = URI.create(base);
        BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofVirtual().start(() -> worker(uri, key, sessions, queue)));
        }
        AtomicInteger counter = new AtomicInteger(50_000_000);
        openLoop(queue, rate, 3, counter, new ConcurrentHashMap<>());
        for (int run = 0; run < runs; run++) {
            if (run > 0) {
                Thread.sleep(2000);
            }
            Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            long[] latencies = openLoop(queue, rate, seconds, counter, errors);
            double elapsed = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            int n = latencies.length;
            int errorCount = errors.values().stream().mapToInt(AtomicInteger::get).sum();
            if (errorCount > 0) {
                System.err.println("  open-loop errors by status: " + new TreeMap<>(errors));
            }
            System.out.printf("RATE %.1f %.2f %.2f %.2f %d%n", n / elapsed, latencies[n / 2] / 1e6,
                    latencies[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, latencies[n - 1] / 1e6, errorCount);
            System.out.flush();
        }
        for (int c = 0; c < connections; c++) {
            queue.put(Task.STOP);
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    /** One request to make: when it was due, which message, where its latency goes. */
    record Task(long scheduled, int n, long[] latencies, int index, Map<String, AtomicInteger> errors,
                CountDownLatch done) {
        static final Task STOP = new Task(0, 0, null, 0, null, null);
    }

    static long[] openLoop(BlockingQueue<Task> queue, double rate, int seconds, AtomicInteger counter,
                           Map<String, AtomicInteger> errors) throws Exception {
        int total = (int) Math.round(rate * seconds);
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime() + 10_000_000L;
        for (int i = 0; i < total; i++) {
            long scheduled = start + (long) (i * intervalNanos);
            long wait;
            while ((wait = scheduled - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.put(new Task(scheduled, counter.getAndIncrement(), latencies, i, errors, done));
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 120 s after the last was due");
        }
        return latencies;
    }

    static void worker(URI uri, String key, int sessions, BlockingQueue<Task> queue) {
        Socket socket = null;
        InputStream in = null;
        OutputStream out = null;
        while (true) {
            Task t;
            try {
                t = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (t == Task.STOP) {
                break;
            }
            String status;
            try {
                if (socket == null) {
                    socket = new Socket(uri.getHost(), uri.getPort());
                    socket.setTcpNoDelay(true);
                    in = new BufferedInputStream(socket.getInputStream(), 8192);
                    out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                }
                String body = "{\"to\":\"91" + (7_000_000_000L + t.n()) + "\",\"message\":\"Your OTP is "
                        + (100000 + t.n() % 900000) + "\"}";
                out.write(("POST /api/whatsapp/session/s" + (t.n() % sessions) + "/send HTTP/1.1\r\nHost: "
                        + uri.getHost() + ":" + uri.getPort() + "\r\nX-API-Key: " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                int code = readResponse(in);
                status = String.valueOf(Math.abs(code));
                if (code < 0) { // the server closes the connection after this response
                    socket.close();
                    socket = null;
                }
            } catch (IOException | RuntimeException e) {
                status = e.getClass().getSimpleName();
                closeQuietly(socket);
                socket = null;
            }
            t.latencies()[t.index()] = System.nanoTime() - t.scheduled();
            if (!status.equals("200")) {
                t.errors().computeIfAbsent(status, x -> new AtomicInteger()).incrementAndGet();
            }
            t.done().countDown();
        }
        closeQuietly(socket);
    }

    static void closeQuietly(Socket socket) {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // gone anyway
        }
    }

    /** Reads one HTTP/1.1 response; returns its status, negative when the server closes the connection. */
    static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int code = Integer.parseInt(statusLine.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                skip(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers: none expected
            }
        } else if (length > 0) {
            skip(in, length);
        }
        return close ? -code : code;
    }

    static long chunkSize(String line) {
        return Long.parseLong(line.split(";")[0].trim(), 16);
    }

    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    static double usedHeapMb(String base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=base")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^memory_usedHeap_bytes(?:\\{[^}]*\\})? ([0-9.E+]+)").matcher(r.body());
            return m.find() ? Double.parseDouble(m.group(1)) / (1024 * 1024) : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static String call(String base, String method, String path, String header, String value, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header(header, value)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
