import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flooding tenant of bulk-isolation.sh.
 *   setup BASE ADMIN_KEY SESSIONS          plan "flood" (bulk bounds left to their defaults), its tenant with
 *                                          SESSIONS ready sessions, and a quiet tenant with one; prints both keys
 *   flood BASE KEY SESSIONS RECIPIENTS SECONDS
 *                                          4 submitters post zero-delay jobs of RECIPIENTS round-robin over the
 *                                          sessions for SECONDS (a refusal: 250 ms pause), then cancels every job
 *                                          still in flight; prints one FLOOD line
 */
public class BulkFlood {
    public static void main(String[] args) throws Exception {
        Bench.awaitReady(args[1]);
        if (args[0].equals("setup")) {
            setup(args[2], Integer.parseInt(args[3]));
        } else {
            flood(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
    }

    private static void setup(String adminKey, int sessions) throws Exception {
        Bench.call("PUT", "/api/admin/plans/flood", "X-Admin-Key", adminKey,
                "{\"name\":\"flood\",\"maxSessions\":" + sessions + ",\"dailyMessageLimit\":100000000}");
        String flood = Bench.field(Bench.call("POST", "/api/admin/tenants", "X-Admin-Key", adminKey,
                "{\"name\":\"Flood\",\"email\":\"flood@example.com\",\"plan\":\"flood\"}"), "apiKey");
        for (int s = 0; s < sessions; s++) {
            Bench.ready(flood, "s" + s, "9198000" + String.format("%05d", s));
        }
        String quiet = Bench.field(Bench.call("POST", "/api/admin/tenants", "X-Admin-Key", adminKey,
                "{\"name\":\"Quiet\",\"email\":\"quiet@example.com\",\"plan\":\"business\"}"), "apiKey");
        Bench.ready(quiet, "main", "919800099999");
        System.out.println(flood + " " + quiet);
    }

    private static void flood(String key, int sessions, int recipients, int seconds) throws Exception {
        StringBuilder body = new StringBuilder("{\"recipients\":[");
        for (int i = 0; i < recipients; i++) {
            body.append(i == 0 ? "" : ",").append("\"91").append(7_000_000_000L + i).append('"');
        }
        String job = body.append("],\"message\":\"flood\",\"delayMin\":0,\"delayMax\":0}").toString();
        long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger accepted = new AtomicInteger(), refused = new AtomicInteger(), other = new AtomicInteger(),
                next = new AtomicInteger();
        List<Double> submitMs = Collections.synchronizedList(new ArrayList<>());
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            submitters.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < until) {
                    try {
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = post("/api/whatsapp/session/s" + next.getAndIncrement() % sessions
                                + "/send-bulk", key, job);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (r.statusCode() == 202) {
                            accepted.incrementAndGet();
                            submitMs.add(ms);
                        } else if (r.statusCode() == 429 && r.body().contains("BULK_LIMIT_REACHED")) {
                            refused.incrementAndGet();
                            Thread.sleep(250);
                        } else {
                            other.incrementAndGet();
                            System.err.println("unexpected " + r.statusCode() + " " + r.body());
                            Thread.sleep(250);
                        }
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : submitters) {
            t.join();
        }
        // Everything still in flight is cancelled, each cancel timed.
        long sent = 0;
        double cancelMax = 0;
        int cancelled = 0, cancelErrors = 0;
        String jobs = Bench.call("GET", "/api/whatsapp/bulk-jobs?limit=1000", "X-API-Key", key, null);
        Matcher m = Pattern.compile("\"status\":\"(\\w+)\",\"total\":\\d+,\"succeeded\":(\\d+).*?\"jobId\":\"(\\w+)\"").matcher(jobs);
        while (m.find()) {
            if (m.group(1).equals("running") || m.group(1).equals("pending")) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = post("/api/whatsapp/bulk-job/" + m.group(3) + "/cancel", key, "");
                cancelMax = Math.max(cancelMax, (System.nanoTime() - t0) / 1e6);
                if (r.statusCode() == 200) {
                    cancelled++;
                } else if (r.statusCode() != 409) {
                    cancelErrors++;
                }
            }
        }
        for (Matcher s = Pattern.compile("\"succeeded\":(\\d+)").matcher(
                Bench.call("GET", "/api/whatsapp/bulk-jobs?limit=1000", "X-API-Key", key, null)); s.find(); ) {
            sent += Long.parseLong(s.group(1));
        }
        List<Double> sorted = submitMs.stream().sorted().toList();
        System.out.printf("FLOOD %d %d %d %.0f %.0f %d %d %.0f %d%n", accepted.get(), refused.get(), other.get(),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? 0 : sorted.getLast(),
                sent, cancelled, cancelMax, cancelErrors);
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(Bench.base + path)).header("X-API-Key", key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
