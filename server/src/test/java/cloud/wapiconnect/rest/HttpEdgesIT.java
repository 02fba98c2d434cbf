package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.RawHttp;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The edges of the HTTP contract, read off the wire: errors Helidon answers before JAX-RS still come in
 * the documented JSON shape, every status line has a reason phrase, and the document's sign-up link works.
 */
@HelidonTest
@DatabaseAgnostic
class HttpEdgesIT {
    @Inject
    WebTarget target;

    @Test
    void bodiesDeclaredLargerThanEitherLimitGetTheErrorJson() {
        URI base = target.getUri();
        String key = new Api(base).tenant("starter").key();
        // Above Helidon's backstop (server.max-payload-size, 150 MiB): refused before routing.
        // Above WAPI_MAX_BODY_BYTES (2 MiB in tests) only: refused by the API's filter.
        for (long declared : new long[] {200_000_000L, 3_000_000L}) {
            RawHttp.Response r = RawHttp.exchange(
                    base,
                    "POST /api/whatsapp/session/main/send HTTP/1.1\r\n"
                            + "Host: localhost\r\nX-API-Key: " + key + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n");
            assertEquals("HTTP/1.1 413 Request Entity Too Large", r.statusLine(), r.toString());
            Map<String, Object> body = errorJson(r);
            assertEquals("PAYLOAD_TOO_LARGE", body.get("code"), r.toString());
            assertTrue(((String) body.get("error")).contains("at most 2097152 bytes"), r.toString());
        }
    }

    @Test
    void requestsHelidonCannotParseGetTheErrorJson() {
        URI base = target.getUri();
        // (Bytes that are not HTTP at all, or another HTTP version, get no answer: the connection is closed.)
        for (String request : new String[] {
            "GET /api/usage HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "x".repeat(40_000) + "\r\n\r\n",
            "GET /api/" + "x".repeat(40_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/usage HTTP/1.1\r\nHost: localhost\r\nBad Header Name: 1\r\n\r\n"
        }) {
            RawHttp.Response r = RawHttp.exchange(base, request);
            String what = request.substring(0, Math.min(60, request.length())) + " => " + r;
            assertTrue(r.status() >= 400 && r.status() < 600, what);
            Map<String, Object> body = errorJson(r);
            assertEquals("INVALID_REQUEST", body.get("code"), what);
            assertNotEquals(String.valueOf(r.status()), r.statusLine().substring(13), what);
        }
    }

    @Test
    void everyStatusLineCarriesAReasonPhrase() {
        URI base = target.getUri();
        Api api = new Api(base);
        String key = api.tenantOnPlan("edges-one-a-day", 1, 1).key();
        api.readySession(key, "main", "919800000050");

        RawHttp.Response notOnWhatsApp = post(base, key, "{\"to\":\"999876543210\",\"message\":\"hi\"}");
        assertEquals("HTTP/1.1 422 Unprocessable Content", notOnWhatsApp.statusLine(), notOnWhatsApp.toString());
        assertEquals("RECIPIENT_NOT_ON_WHATSAPP", errorJson(notOnWhatsApp).get("code"));

        assertEquals(
                "HTTP/1.1 200 OK",
                post(base, key, "{\"to\":\"919876543210\",\"message\":\"one\"}").statusLine());
        RawHttp.Response overLimit = post(base, key, "{\"to\":\"919876543210\",\"message\":\"two\"}");
        assertEquals("HTTP/1.1 429 Too Many Requests", overLimit.statusLine(), overLimit.toString());

        RawHttp.Response unknown = RawHttp.exchange(
                base,
                "GET /api/nothing-here HTTP/1.1\r\nHost: localhost\r\n" + "X-API-Key: " + key
                        + "\r\nConnection: close\r\n\r\n");
        assertEquals("HTTP/1.1 404 Not Found", unknown.statusLine(), unknown.toString());
    }

    @Test
    void theDocumentsSignUpLinkLeadsToTheSignUpPageWithoutTrustingTheHostHeader() {
        URI base = target.getUri();
        for (String path : new String[] {"/register", "/portal/register"}) {
            RawHttp.Response r = RawHttp.exchange(
                    base, "GET " + path + " HTTP/1.1\r\nHost: evil.example\r\n" + "Connection: close\r\n\r\n");
            assertEquals(303, r.status(), path + " => " + r);
            assertEquals("/portal/signup", r.header("Location"), path + " => " + r);
        }
        // The portal's own redirects are relative too (a login page behind a forged Host stays on this server).
        RawHttp.Response home =
                RawHttp.exchange(base, "GET /portal HTTP/1.1\r\nHost: evil.example\r\n" + "Connection: close\r\n\r\n");
        assertEquals(303, home.status(), home.toString());
        assertEquals("/portal/login", home.header("Location"), home.toString());

        Api.Response signUp = new Api(base).send("GET", "/portal/signup", Map.of(), null);
        assertEquals(200, signUp.status());
        assertTrue(signUp.body().contains("Create your account"), signUp.body());
    }

    private static RawHttp.Response post(URI base, String key, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(
                base,
                "POST /api/whatsapp/session/main/send HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-API-Key: " + key + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n" + json);
    }

    /** The documented error shape: JSON with a non-blank {@code error} and a {@code code}. */
    private static Map<String, Object> errorJson(RawHttp.Response r) {
        assertTrue(
                r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json"),
                r.toString());
        Map<String, Object> body = Json.readObject(r.body());
        assertTrue(body.get("error") instanceof String s && !s.isBlank(), r.toString());
        assertTrue(body.get("code") instanceof String, r.toString());
        return body;
    }
}
