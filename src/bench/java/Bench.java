import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmark clients share: HTTP calls to the server under test, readying sessions, medians. */
final class Bench {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static String base;

    private Bench() {
    }

    static void awaitReady(String serverBase) throws Exception {
        base = serverBase;
        for (int i = 0; i < 450; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not start");
    }

    /** A tenant on a plan without practical limits; returns its API key. */
    static String tenant(String adminKey) throws Exception {
        call("PUT", "/api/admin/plans/bench", "X-Admin-Key", adminKey,
                // The fastest bulk pace a plan may have: the benchmarks measure the server, not the plan's pace.
                "{\"name\":\"bench\",\"maxSessions\":2000,\"dailyMessageLimit\":100000000,\"maxBulkSendsPerSecond\":1000}");
        return field(call("POST", "/api/admin/tenants", "X-Admin-Key", adminKey,
                "{\"name\":\"Bench\",\"email\":\"bench@example.com\",\"plan\":\"bench\"}"), "apiKey");
    }

    /** Creates a session and links it with the sandbox's simulated scan. */
    static void ready(String key, String session, String phone) throws Exception {
        call("POST", "/api/whatsapp/session", "X-API-Key", key, "{\"sessionId\":\"" + session + "\"}");
        while (!call("GET", "/api/whatsapp/session/" + session + "/status", "X-API-Key", key, null).contains("qr_ready")) {
            Thread.sleep(5);
        }
        call("POST", "/api/sandbox/session/" + session + "/scan", "X-API-Key", key, "{\"phoneNumber\":\"" + phone + "\"}");
        while (!call("GET", "/api/whatsapp/session/" + session + "/status", "X-API-Key", key, null).contains("\"ready\"")) {
            Thread.sleep(5);
        }
    }

    static String call(String method, String path, String header, String value, String body) throws Exception {
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
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** The server's used heap, from its own base metric. */
    static double usedHeapMb() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics?scope=base")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^memory_usedHeap_bytes\\{[^}]*\\} ([0-9.E]+)").matcher(r.body());
            return m.find() ? Double.parseDouble(m.group(1)) / (1024 * 1024) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
