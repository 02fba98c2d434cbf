import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a 5 MB image by base64 and by URL at fixed concurrency (see media-send.sh) and prints sends/s
 * and the peak heap the sends keep alive: the largest heap-after-GC in the server's GC log during the
 * run, above the idle heap-after-GC, as a multiple of concurrency x media size (what copies of the
 * bytes are held at once; garbage between collections is not counted). Three runs per source; medians.
 */
public class MediaBench {
    static final int SIZE = 5 * 1024 * 1024;
    static java.nio.file.Path gcLog;
    /** Collections only: Remark and Cleanup pauses log the heap as it is, garbage included, without collecting it. */
    static final Pattern AFTER_GC = Pattern.compile("Pause (?:Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    static long serverPid;

    public static void main(String[] args) throws Exception {
        String adminKey = args[1];
        int concurrency = Integer.parseInt(args[2]);
        int sends = Integer.parseInt(args[3]);
        gcLog = java.nio.file.Path.of(args[4]);
        serverPid = Long.parseLong(args[5]);
        byte[] image = new byte[SIZE];
        new Random(42).nextBytes(image);
        image[0] = (byte) 0xFF;
        image[1] = (byte) 0xD8;
        image[2] = (byte) 0xFF;
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        files.createContext("/big.jpg", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, image.length);
            try (var out = exchange.getResponseBody()) {
                out.write(image);
            }
        });
        files.start();
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/big.jpg";
        Bench.awaitReady(args[0]);

        String key = Bench.tenant(adminKey);
        Bench.ready(key, "main", "919800000001");

        String base64Body = "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\""
                + Base64.getEncoder().encodeToString(image) + "\",\"message\":\"bench\"}";
        String urlBody = "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + url + "\",\"message\":\"bench\"}";
        // Before the warm-up: the full GC resets G1's heap sizing, which the warm-up then lets settle again.
        double idle = settledHeapMb();
        run("warm-up", key, base64Body, concurrency, sends / 2);
        run("warm-up", key, urlBody, concurrency, sends / 2);
        double budget = concurrency * SIZE / 1048576.0;
        System.out.println();
        System.out.printf("Media benchmark: 5 MB image, concurrency %d, %d sends per run, medians of 3 (idle heap after GC %.0f MB)%n",
                concurrency, sends, idle);
        for (String[] source : new String[][]{{"base64", base64Body}, {"url", urlBody}}) {
            List<Double> rates = new ArrayList<>();
            List<Double> peaks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                double[] r = run(source[0], key, source[1], concurrency, sends);
                rates.add(r[0]);
                peaks.add(r[1] - idle);
            }
            System.out.printf("  %-6s %6.1f sends/s   peak live heap growth %5.0f MB = %.1f x (concurrency x media size = %.0f MB)%n",
                    source[0], Bench.median(rates), Bench.median(peaks), Bench.median(peaks) / budget, budget);
        }
        files.stop(0);
    }

    /** @return sends/s and the largest heap after a GC (MB) during the run */
    static double[] run(String name, String key, String body, int concurrency, int sends) throws Exception {
        int before = gcLines().size();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < sends; i++) {
                results.add(pool.submit(() -> Bench.call("POST", "/api/whatsapp/session/main/send", "X-API-Key", key, body)));
            }
            for (Future<String> f : results) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> during = gcLines();
        double peak = 0;
        for (String line : during.subList(before, during.size())) {
            Matcher m = AFTER_GC.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Double.parseDouble(m.group(2)));
            }
        }
        return new double[]{sends / seconds, peak};
    }

    static List<String> gcLines() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(gcLog);
    }

    /**
     * The idle heap: what a full GC leaves once the session is ready, before any media was sent. Growth
     * above it is measured at collections during the runs, so it also counts what the warm-up left
     * (caches, compiled code's data) and old garbage a young collection does not reach: the figure
     * errs high, not low.
     */
    static double settledHeapMb() throws Exception {
        Thread.sleep(2000);
        int before = gcLines().size();
        Process jcmd = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(serverPid), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        jcmd.waitFor();
        for (int i = 0; i < 50; i++) {
            List<String> lines = gcLines();
            for (String line : lines.subList(before, lines.size())) {
                Matcher m = AFTER_GC.matcher(line);
                if (line.contains("Pause Full") && m.find()) {
                    return Double.parseDouble(m.group(2));
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server logged no full GC after jcmd GC.run");
    }

}
