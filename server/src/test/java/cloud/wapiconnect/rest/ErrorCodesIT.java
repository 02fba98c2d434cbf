package cloud.wapiconnect.rest;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error code a client can provoke, with its status and the documented body, over real HTTP. */
@HelidonTest
class ErrorCodesIT {
    @Inject
    WebTarget target;

    private Api api;

    @BeforeEach
    void api() {
        api = new Api(target.getUri());
    }

    @Test
    void missingOrWrongApiKeyIsUnauthorized() {
        Api.Response missing = api.send("GET", "/api/whatsapp/sessions", Map.of(), null);
        assertError(missing, 401, "UNAUTHORIZED");
        assertError(api.get("/api/usage", "wapi_not-a-real-key"), 401, "UNAUTHORIZED");
        assertError(api.post("/api/sandbox/session/x/scan", "", "{}"), 401, "UNAUTHORIZED");
        assertError(api.send("POST", "/api/settings/api-key/reset", Map.of(), null), 401, "UNAUTHORIZED");
        assertError(
                api.send("GET", "/api/admin/tenants", Map.of("X-Admin-Key", "wrong-admin-key-123456"), null),
                401,
                "UNAUTHORIZED");
        assertError(api.send("GET", "/api/admin/tenants", Map.of(), null), 401, "UNAUTHORIZED");
    }

    @Test
    void resetKeyInvalidatesTheOldOneAtOnce() {
        String oldKey = api.tenant("free").key();
        Api.Response reset = api.post("/api/settings/api-key/reset", oldKey, null);
        assertEquals(200, reset.status(), reset.toString());
        String newKey = (String) reset.get("apiKey");
        assertTrue(newKey.startsWith("wapi_") && newKey.length() >= 48, newKey);
        assertNotEquals(oldKey, newKey);
        assertError(api.get("/api/usage", oldKey), 401, "UNAUTHORIZED");
        assertEquals(200, api.get("/api/usage", newKey).status());
    }

    @Test
    void suspendedTenantIsForbidden() {
        Api.TestTenant tenant = api.tenant("free");
        Api.Response patched = api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":true}");
        assertEquals(true, patched.get("suspended"), patched.toString());
        assertError(api.get("/api/usage", tenant.key()), 403, "TENANT_SUSPENDED");
        api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"suspended\":false}");
        assertEquals(200, api.get("/api/usage", tenant.key()).status());
        assertError(
                api.admin("PATCH", "/api/admin/tenants/nobody-000000", "{\"suspended\":true}"),
                404,
                "TENANT_NOT_FOUND");
        assertError(
                api.admin("PATCH", "/api/admin/tenants/" + tenant.id(), "{\"plan\":\"no-such-plan\"}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void sessionErrors() {
        String key = api.tenant("free").key();
        assertError(api.post("/api/whatsapp/session", key, "{\"sessionId\":\"has space\"}"), 400, "INVALID_SESSION_ID");
        assertError(
                api.post("/api/whatsapp/session", key, "{\"sessionId\":\"" + "x".repeat(65) + "\"}"),
                400,
                "INVALID_SESSION_ID");
        assertError(api.post("/api/whatsapp/session", key, "{}"), 400, "INVALID_SESSION_ID");
        assertEquals(
                200,
                api.post("/api/whatsapp/session", key, "{\"sessionId\":\"" + "x".repeat(64) + "\"}")
                        .status());

        Api.Response over = api.post("/api/whatsapp/session", key, "{\"sessionId\":\"second\"}");
        assertError(over, 403, "SESSION_LIMIT_REACHED");
        assertEquals(1, ((Number) over.get("limit")).intValue());
        assertEquals(1, ((Number) over.get("used")).intValue());

        assertError(api.get("/api/whatsapp/session/nope/status", key), 404, "SESSION_NOT_FOUND");
        assertError(api.post("/api/whatsapp/session/nope/disconnect", key, null), 404, "SESSION_NOT_FOUND");
        assertError(api.delete("/api/whatsapp/session/nope", key), 404, "SESSION_NOT_FOUND");
        assertError(
                api.post("/api/whatsapp/session/nope/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}"),
                404,
                "SESSION_NOT_FOUND");
        assertError(
                api.post(
                        "/api/whatsapp/session/" + "x".repeat(64) + "/send",
                        key,
                        "{\"to\":\"919876543210\",\"message\":\"x\"}"),
                409,
                "SESSION_NOT_READY");
        assertError(
                api.post("/api/sandbox/session/nope/scan", key, "{\"phoneNumber\":\"919876543210\"}"),
                404,
                "SESSION_NOT_FOUND");
    }

    @Test
    void sendErrors() {
        String key = api.tenant("starter").key();
        api.readySession(key, "main", "919800000001");
        String send = "/api/whatsapp/session/main/send";
        assertError(api.post(send, key, "{\"to\":\"12ab\",\"message\":\"x\"}"), 400, "INVALID_RECIPIENT");
        assertError(api.post(send, key, "{\"message\":\"x\"}"), 400, "INVALID_RECIPIENT");
        assertError(api.post(send, key, "{\"to\":\"919876543210\"}"), 400, "INVALID_REQUEST");
        assertError(api.post(send, key, "{\"to\":\"919876543210\",\"message\":\"   \"}"), 400, "INVALID_REQUEST");
        assertError(
                api.post(send, key, "{\"to\":\"919876543210\",\"message\":\"x\",\"type\":\"image\"}"),
                400,
                "MEDIA_REQUIRED");
        assertError(
                api.post(send, key, "{\"to\":\"919876543210\",\"message\":\"x\",\"type\":\"fax\"}"),
                400,
                "UNSUPPORTED_MESSAGE_TYPE");
        assertError(api.post(send, key, "{\"to\":\"9991234567\",\"message\":\"x\"}"), 422, "RECIPIENT_NOT_ON_WHATSAPP");
        assertEquals(0, ((Number) api.get("/api/usage", key).get("used")).intValue(), "a refused send costs nothing");
        assertEquals(
                "failed", newestMessage(api.get("/api/whatsapp/messages", key)).get("status"));
    }

    @Test
    void idempotencyKeyReturnsTheFirstResultWithoutSendingTwice() {
        String key = api.tenant("starter").key();
        api.readySession(key, "main", "919800000002");
        Map<String, String> headers = Map.of("X-API-Key", key, "Idempotency-Key", "order-1234-otp");
        String body = "{\"to\":\"919876543210\",\"message\":\"Your OTP is 123456\"}";
        Api.Response first = api.send("POST", "/api/whatsapp/session/main/send", headers, body);
        Api.Response retry = api.send("POST", "/api/whatsapp/session/main/send", headers, body);
        assertEquals(200, retry.status(), retry.toString());
        assertEquals(first.body(), retry.body());
        assertEquals(1, ((Number) api.get("/api/usage", key).get("used")).intValue());
        assertEquals(1, ((Number) api.get("/api/whatsapp/messages", key).get("total")).intValue());
        assertError(
                api.send(
                        "POST",
                        "/api/whatsapp/session/main/send",
                        headers,
                        "{\"to\":\"919876543210\",\"message\":\"Your OTP is 999999\"}"),
                422,
                "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void dailyLimitBodyIsExactlyAsDocumented() {
        String key = api.tenantOnPlan("tiny", 1, 2).key();
        api.readySession(key, "main", "919800000003");
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    200,
                    api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}")
                            .status());
        }
        Api.Response over =
                api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543210\",\"message\":\"x\"}");
        assertEquals(429, over.status());
        assertEquals(
                "{\"error\":\"Daily sent message limit reached\",\"code\":\"SENT_LIMIT_EXCEEDED\",\"limit\":2,\"used\":2"
                        + ",\"requestId\":\"" + over.headers().get("x-request-id") + "\"}",
                over.body());
    }

    @Test
    void routingAndBodyErrors() {
        String key = api.tenant("free").key();
        assertError(api.get("/api/whatsapp/nothing-here", key), 404, "NOT_FOUND");
        assertError(
                api.send("PUT", "/api/whatsapp/sessions", Map.of("X-API-Key", key), "{}"), 405, "METHOD_NOT_ALLOWED");
        assertError(
                api.post("/api/whatsapp/session", key, "{\"sessionId\":" + "\"x\",".repeat(600_000) + "}"),
                413,
                "PAYLOAD_TOO_LARGE");
        assertError(
                api.admin("PUT", "/api/admin/plans/bad!", "{\"maxSessions\":1,\"dailyMessageLimit\":1}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.admin("POST", "/api/admin/tenants", "{\"name\":\"x\",\"email\":\"not-an-email\"}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void tenantsAreIsolated() {
        String a = api.tenant("starter").key();
        String b = api.tenant("starter").key();
        api.readySession(a, "shared-name", "919800000004");
        api.post("/api/whatsapp/session/shared-name/send", a, "{\"to\":\"919876543210\",\"message\":\"secret\"}");

        assertError(api.get("/api/whatsapp/session/shared-name/status", b), 404, "SESSION_NOT_FOUND");
        assertError(
                api.post("/api/whatsapp/session/shared-name/send", b, "{\"to\":\"919876543210\",\"message\":\"x\"}"),
                404,
                "SESSION_NOT_FOUND");
        assertError(api.post("/api/whatsapp/session/shared-name/disconnect", b, null), 404, "SESSION_NOT_FOUND");
        assertError(api.delete("/api/whatsapp/session/shared-name", b), 404, "SESSION_NOT_FOUND");
        assertError(api.get("/api/sandbox/session/shared-name/delivered", b), 404, "SESSION_NOT_FOUND");
        assertError(
                api.post("/api/sandbox/session/shared-name/incoming", b, "{\"from\":\"919812345678\",\"body\":\"x\"}"),
                404,
                "SESSION_NOT_FOUND");
        assertEquals("{\"sessions\":[]}", api.get("/api/whatsapp/sessions", b).body());
        Api.Response bLog = api.get("/api/whatsapp/messages?sessionId=shared-name", b);
        assertEquals(0, ((Number) bLog.get("total")).intValue(), bLog.toString());
        assertEquals(0, ((Number) api.get("/api/usage", b).get("used")).intValue());

        // B may use the same session id for its own session without touching A's.
        assertEquals(
                true,
                api.post("/api/whatsapp/session", b, "{\"sessionId\":\"shared-name\"}")
                        .get("isNew"));
        assertEquals(
                "ready", api.get("/api/whatsapp/session/shared-name/status", a).get("status"));
        assertEquals(1, ((Number) api.get("/api/whatsapp/messages", a).get("total")).intValue());
    }
}
