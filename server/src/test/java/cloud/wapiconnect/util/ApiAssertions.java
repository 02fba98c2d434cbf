package cloud.wapiconnect.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

/** Assertions on API responses shared by the integration tests. */
public final class ApiAssertions {
    private ApiAssertions() {}

    /** The documented error: this status, JSON, {@code code} as given and a non-blank {@code error}. */
    public static void assertError(Api.Response response, int status, String code) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.headers().get("content-type").startsWith("application/json"), response.toString());
        Map<String, Object> body = response.json();
        assertEquals(code, body.get("code"), response.toString());
        assertTrue(body.get("error") instanceof String s && !s.isBlank(), response.toString());
        // every error names its request, as the response's header does (and the server's log lines about it)
        assertTrue(body.get("requestId") instanceof String id && !id.isBlank(), response.toString());
        assertEquals(response.headers().get("x-request-id"), body.get("requestId"), response.toString());
    }

    /** The newest entry of a message-log page, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> newestMessage(Api.Response log) {
        List<Map<String, Object>> messages = (List<Map<String, Object>>) log.get("messages");
        return messages.isEmpty() ? Map.of() : messages.getFirst();
    }
}
