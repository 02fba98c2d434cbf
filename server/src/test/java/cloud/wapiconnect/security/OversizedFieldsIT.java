package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every string a client sends is checked against where it is kept: one that does not fit is a 400 naming the
 * field, in the documented error shape, and nothing is sent or stored; never a 500 from the database.
 */
class OversizedFieldsIT {
    private static final String PDF = Base64.getEncoder()
            .encodeToString("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerProcess(
                        ServerProcess.freshDatabase("wapi_test_oversized", "oversized-data"),
                        ServerProcess.logFile("oversized-server").toPath())
                .start();
        api = new Api(server.uri());
        key = api.tenantOnPlan("oversized", 5, 100_000).key();
        api.readySession(key, "main", "919800000500");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mediaNamesAndTypesLongerThanTheirColumnsAreRefusedByNameAndNothingIsSent() {
        int logged = messagesLogged();
        String document = "\"type\":\"document\",\"mediaBase64\":\"" + PDF + "\"";
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(
                "fileName",
                document + ",\"mediaMimeType\":\"application/pdf\",\"fileName\":\"" + "n".repeat(256) + ".pdf\"");
        refused.put("mediaMimeType", document + ",\"mediaMimeType\":\"application/" + "x".repeat(100) + "\"");
        for (Map.Entry<String, String> field : refused.entrySet()) {
            assertFieldRefused(
                    field.getKey(),
                    api.post(
                            "/api/whatsapp/session/main/send",
                            key,
                            "{\"to\":\"919876543210\"," + field.getValue() + "}"));
            assertFieldRefused(
                    field.getKey(),
                    api.post(
                            "/api/whatsapp/session/main/send-bulk",
                            key,
                            "{\"recipients\":[\"919876543210\"]," + field.getValue() + "}"));
        }
        assertFieldRefused(
                "mediaMimeType",
                api.post(
                        "/api/sandbox/session/main/incoming",
                        key,
                        "{\"from\":\"919876543210\",\"body\":\"a document\",\"type\":\"document\",\"mediaBase64\":\""
                                + PDF + "\",\"mediaMimeType\":\"application/" + "x".repeat(100) + "\"}"));
        assertEquals(logged, messagesLogged(), "a refused message is neither sent nor logged");

        // At the limit, it goes out as sent.
        Api.Response fits = api.post(
                "/api/whatsapp/session/main/send",
                key,
                "{\"to\":\"919876543210\"," + document + ",\"mediaMimeType\":\"application/pdf\",\"fileName\":\""
                        + "n".repeat(251) + ".pdf\"}");
        assertEquals(200, fits.status(), fits.toString());
    }

    @Test
    void aPlanNameLongerThanItsColumnIsRefusedByName() {
        assertFieldRefused(
                "name",
                api.admin(
                        "PUT",
                        "/api/admin/plans/long-name",
                        "{\"name\":\"" + "p".repeat(101) + "\",\"maxSessions\":1,\"dailyMessageLimit\":10}"));
        assertEquals(
                200,
                api.admin(
                                "PUT",
                                "/api/admin/plans/long-name",
                                "{\"name\":\"" + "p".repeat(100) + "\",\"maxSessions\":1,\"dailyMessageLimit\":10}")
                        .status());
    }

    /**
     * Every string in every request example of the served OpenAPI document, made long: whatever the endpoint
     * answers, it is not a server error, and an error comes in the documented shape.
     */
    @Test
    void noStringInAnyDocumentedRequestCausesAServerErrorHoweverLong() {
        Map<String, Object> openApi =
                Json.readObject(api.send("GET", "/openapi", Map.of("Accept", "application/json"), null)
                        .body());
        Map<String, String> pathValues = Map.of(
                "sessionId",
                "main",
                "planId",
                "sweep-plan",
                "groupJid",
                "120363040000000000@g.us",
                "jid",
                "919876543210@s.whatsapp.net");
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Map.Entry<String, Object> path : map(openApi.get("paths")).entrySet()) {
            for (Map.Entry<String, Object> operation : map(path.getValue()).entrySet()) {
                String method = operation.getKey().toUpperCase();
                Object body = map(map(map(map(operation.getValue()).get("requestBody"))
                                        .get("content"))
                                .get("application/json"))
                        .get("examples");
                if (body == null || method.equals("DELETE")) {
                    continue;
                }
                String url = fill(path.getKey(), pathValues);
                Map<String, String> headers =
                        url.startsWith("/api/admin/") ? Map.of("X-Admin-Key", Api.ADMIN_KEY) : Map.of("X-API-Key", key);
                for (Object example : map(body).values()) {
                    Object value = map(example).get("value");
                    for (List<Object> leaf : stringLeaves(value, new ArrayList<>())) {
                        for (int length : new int[] {101, 256, 70_000}) {
                            String request = Json.write(replaced(value, leaf, "A".repeat(length)));
                            Api.Response r = api.send(method, url, headers, request);
                            requests++;
                            if (r.status() >= 500 || (r.status() >= 400 && r.code() == null)) {
                                failures.add(method + " " + url + " " + leaf + " x" + length + " => " + r);
                            }
                        }
                    }
                }
            }
        }
        assertTrue(requests > 100, "the sweep covered the documented requests: " + requests);
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests + ": " + String.join("\n", failures));
    }

    private static void assertFieldRefused(String field, Api.Response r) {
        assertEquals(400, r.status(), r.toString());
        assertEquals("INVALID_REQUEST", r.code(), r.toString());
        assertEquals(field, r.get("field"), r.toString());
        assertTrue(((String) r.get("error")).contains(field), "the error names " + field + ": " + r);
    }

    private static int messagesLogged() {
        Api.Response page = api.get("/api/whatsapp/messages?limit=100", key);
        assertEquals(200, page.status(), page.toString());
        return ((List<?>) page.get("messages")).size();
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, values.getOrDefault(m.group(1), "x"));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<List<Object>> stringLeaves(Object node, List<Object> at) {
        List<List<Object>> leaves = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> leaves.addAll(stringLeaves(v, append(at, k))));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                leaves.addAll(stringLeaves(l.get(i), append(at, i)));
            }
        } else if (node instanceof String) {
            leaves.add(at);
        }
        return leaves;
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(step);
        return longer;
    }

    /** A deep copy of {@code node} with the value at {@code path} replaced. */
    private static Object replaced(Object node, List<Object> path, String value) {
        if (path.isEmpty()) {
            return value;
        }
        Object step = path.getFirst();
        List<Object> rest = path.subList(1, path.size());
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>(m);
            copy.put(step, replaced(m.get(step), rest, value));
            return copy;
        }
        List<Object> copy = new ArrayList<>((List<?>) node);
        copy.set((Integer) step, replaced(copy.get((Integer) step), rest, value));
        return copy;
    }
}
