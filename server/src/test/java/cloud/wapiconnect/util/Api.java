package cloud.wapiconnect.util;

import cloud.wapiconnect.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** A plain HTTP client for the REST API, as real clients call it: raw JSON over java.net.http. */
public final class Api {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    /** A response: status, raw body, and the body parsed when it is a JSON object. */
    public record Response(int status, String body, Map<String, String> headers) {
        public Map<String, Object> json() {
            return Json.readObject(body);
        }

        public Object get(String field) {
            return json().get(field);
        }

        public String code() {
            return (String) json().get("code");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (body != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> kept = new java.util.HashMap<>();
            kept.put(
                    "content-type",
                    response.headers().firstValue("content-type").orElse(""));
            response.headers().firstValue("retry-after").ifPresent(v -> kept.put("retry-after", v));
            response.headers().firstValue("x-request-id").ifPresent(v -> kept.put("x-request-id", v));
            return new Response(response.statusCode(), response.body(), Map.copyOf(kept));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A response whose body is kept as bytes (media downloads). */
    public record BytesResponse(int status, byte[] body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public BytesResponse getBytes(String path, String apiKey) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", apiKey)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new BytesResponse(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String apiKey) {
        return send("GET", path, Map.of("X-API-Key", apiKey), null);
    }

    public Response post(String path, String apiKey, String body) {
        return send("POST", path, Map.of("X-API-Key", apiKey), body);
    }

    public Response delete(String path, String apiKey) {
        return send("DELETE", path, Map.of("X-API-Key", apiKey), null);
    }

    public Response admin(String method, String path, String body) {
        return send(method, path, Map.of("X-Admin-Key", ADMIN_KEY), body);
    }

    /** A tenant created for a test. */
    public record TestTenant(String id, String key) {}

    /** Creates a plan (or changes it) and a tenant on it. */
    public TestTenant tenantOnPlan(String planId, int maxSessions, int dailyLimit) {
        Response plan = admin(
                "PUT",
                "/api/admin/plans/" + planId,
                "{\"name\":\"" + planId + "\",\"maxSessions\":" + maxSessions + ",\"dailyMessageLimit\":" + dailyLimit
                        + "}");
        if (plan.status() != 200) {
            throw new IllegalStateException("plan: " + plan);
        }
        return tenant(planId);
    }

    public TestTenant tenant(String planId) {
        Response created = admin(
                "POST",
                "/api/admin/tenants",
                "{\"name\":\"Test Shop\",\"email\":\"owner@example.com\",\"plan\":\"" + planId + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("tenant: " + created);
        }
        return new TestTenant((String) created.get("tenantId"), (String) created.get("apiKey"));
    }

    /** Creates a session and links it with a simulated scan; returns when it is ready. */
    public void readySession(String apiKey, String sessionId, String phone) {
        Response created = post("/api/whatsapp/session", apiKey, "{\"sessionId\":\"" + sessionId + "\"}");
        if (created.status() != 200) {
            throw new IllegalStateException("create: " + created);
        }
        awaitStatus(apiKey, sessionId, "qr_ready");
        Response scan =
                post("/api/sandbox/session/" + sessionId + "/scan", apiKey, "{\"phoneNumber\":\"" + phone + "\"}");
        if (scan.status() != 200) {
            throw new IllegalStateException("scan: " + scan);
        }
        awaitStatus(apiKey, sessionId, "ready");
    }

    public Response awaitStatus(String apiKey, String sessionId, String status) {
        return await(
                () -> get("/api/whatsapp/session/" + sessionId + "/status", apiKey),
                r -> status.equals(r.get("status")),
                "session " + sessionId + " to be " + status);
    }

    /** Polls until the condition holds (at most 10 s). */
    public static Response await(java.util.function.Supplier<Response> call, Predicate<Response> done, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Response last;
        do {
            last = call.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Timed out waiting for " + what + "; last: " + last);
    }
}
