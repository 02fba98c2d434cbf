package cloud.wapiconnect.rest;

import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the answer is a 4xx in the documented shape, never a 500, and nothing accepted is lost. */
@HelidonTest
class MalformedInputIT {
    private static final List<String> BAD_BODIES = List.of(
            "",
            "{",
            "}",
            "null",
            "[]",
            "[1,2]",
            "\"text\"",
            "42",
            "true",
            "{\"a\":}",
            "{'sessionId':'x'}",
            "{\"sessionId\":5}",
            "{\"sessionId\":true}",
            "{\"sessionId\":{}}",
            "{\"sessionId\":[\"x\"]}",
            "{\"to\":919876543210,\"message\":\"x\"}",
            "{\"to\":\"919876543210\",\"message\":[\"x\"]}",
            "{\"to\":\"919876543210\",\"message\":\"x\",\"type\":7}",
            "{\"to\":null,\"message\":null}",
            "{\"sessionId\":\"x\",\"sessionId\":\"y\"}",
            "{\"to\":\"919876543210\",\"message\":\"x\"} trailing",
            "{\"phoneNumber\":12}",
            "{\"from\":\"919812345678\",\"body\":\"x\",\"isGroup\":\"yes\"}",
            "{\"name\":1,\"email\":2}",
            "{\"maxSessions\":\"many\",\"dailyMessageLimit\":1}",
            "{\"maxSessions\":1.5,\"dailyMessageLimit\":1}",
            "{\"suspended\":\"no\"}",
            "\u0000\u0001",
            "{\"to\":\"\\ud800\",\"message\":\"\\uZZZZ\"}");

    @Inject
    WebTarget target;

    @Test
    void noBadBodyAnywhereGivesA500() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "main", "919800000020");
        api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543210\",\"message\":\"kept\"}");

        List<String[]> endpoints = List.of(
                new String[] {"POST", "/api/whatsapp/session", key},
                new String[] {"POST", "/api/whatsapp/session/main/send", key},
                new String[] {"POST", "/api/sandbox/session/main/scan", key},
                new String[] {"POST", "/api/sandbox/session/main/incoming", key},
                new String[] {"POST", "/api/admin/tenants", null},
                new String[] {"PATCH", "/api/admin/tenants/nobody-000000", null},
                new String[] {"PUT", "/api/admin/plans/p1", null});
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : endpoints) {
            for (String body : BAD_BODIES) {
                Map<String, String> headers =
                        endpoint[2] == null ? Map.of("X-Admin-Key", Api.ADMIN_KEY) : Map.of("X-API-Key", endpoint[2]);
                Api.Response r = api.send(endpoint[0], endpoint[1], headers, body);
                boolean documentedShape = r.headers().get("content-type").startsWith("application/json")
                        && r.body().contains("\"code\":\"")
                        && r.body().contains("\"error\":\"");
                if (r.status() < 400 || r.status() >= 500 || !documentedShape) {
                    failures.add(endpoint[0] + " " + endpoint[1] + " <- " + body + " => " + r);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        for (String query : List.of(
                "page=0",
                "page=abc",
                "limit=0",
                "limit=101",
                "limit=-5",
                "direction=sideways",
                "status=lost",
                "page=99999999999")) {
            Api.Response r = api.get("/api/whatsapp/messages?" + query, key);
            assertEquals(400, r.status(), query + " => " + r);
        }
        assertEquals(
                "kept",
                newestMessage(api.get("/api/whatsapp/messages?direction=outgoing", key))
                        .get("message"),
                "bad requests lost nothing already accepted");
        assertEquals(1, ((Number) api.get("/api/usage", key).get("used")).intValue());
    }
}
