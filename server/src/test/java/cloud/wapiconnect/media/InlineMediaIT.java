package cloud.wapiconnect.media;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mediaBase64} is decoded as the body streams in (never held as text): JSON escapes, line
 * breaks, {@code data:} URLs and any field order must come out as the exact bytes, and bodies too
 * large are refused in the API's shape whether their length is declared or not.
 */
@HelidonTest
@AddConfig(key = "WAPI_MEDIA_MAX_IMAGE_BYTES", value = "200000")
@AddConfig(key = "WAPI_MEDIA_MAX_VIDEO_BYTES", value = "300000")
@AddConfig(key = "WAPI_MEDIA_MAX_AUDIO_BYTES", value = "200000")
@AddConfig(key = "WAPI_MEDIA_MAX_DOCUMENT_BYTES", value = "300000")
@AddConfig(key = "WAPI_MAX_BODY_BYTES", value = "1000000")
class InlineMediaIT {
    private static final String SEND = "/api/whatsapp/session/main/send";
    private static final byte[] JPEG = Arrays.copyOf(MediaFiles.jpeg(), 150_000);

    @Inject
    WebTarget target;

    private Api api;
    private String key;

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", "919800000310");
    }

    @Test
    void aDataUrlWithJsonEscapesAndLineBreaksBeforeTheOtherFieldsArrivesByteForByte() {
        // What PHP's json_encode makes of MIME base64: slashes escaped, line breaks as \r\n.
        String text = Base64.getMimeEncoder()
                .encodeToString(JPEG)
                .replace("/", "\\/")
                .replace("\r\n", "\\r\\n")
                .replaceFirst("A", "\\\\u0041");
        String body = "{\"mediaBase64\":\"data:image\\/jpeg;base64," + text + "\",\"to\":\"919876543210\","
                + "\"type\":\"image\",\"message\":\"after the media\"}";
        Api.Response sent = api.post(SEND, key, body);
        assertEquals(200, sent.status(), sent.toString());
        Map<String, Object> delivered = delivered().getFirst();
        assertEquals(Sha256.hex(JPEG), delivered.get("sha256"), "the exact bytes arrived");
        assertEquals("after the media", delivered.get("message"));
        assertEquals("image/jpeg", delivered.get("mimeType"));
    }

    @Test
    void anIdempotentRetryIsRecognisedByItsBytes() {
        String plain = Base64.getEncoder().encodeToString(JPEG);
        Map<String, String> headers = Map.of("X-API-Key", key, "Idempotency-Key", "media-1");
        Api.Response first = api.send(
                "POST",
                SEND,
                headers,
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"" + plain + "\"}");
        Api.Response wrapped = api.send(
                "POST",
                SEND,
                headers,
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\""
                        + Base64.getMimeEncoder().encodeToString(JPEG).replace("\r\n", "\\n") + "\"}");
        assertEquals(first.get("messageId"), wrapped.get("messageId"), "the same bytes, differently wrapped");
        byte[] other = JPEG.clone();
        other[other.length - 1] = 1;
        assertError(
                api.send(
                        "POST",
                        SEND,
                        headers,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\""
                                + Base64.getEncoder().encodeToString(other) + "\"}"),
                422,
                "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void mediaBeyondItsLimitOrBeyondEveryLimitIsTooLarge() {
        assertError(
                api.post(
                        SEND,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\""
                                + Base64.getEncoder().encodeToString(new byte[250_000]) + "\"}"),
                413,
                "MEDIA_TOO_LARGE");
        // Beyond the largest limit: decoding stops there, the rest is only counted.
        Api.Response r = api.post(
                SEND,
                key,
                "{\"to\":\"919876543210\",\"type\":\"document\",\"mediaBase64\":\""
                        + Base64.getEncoder().encodeToString(new byte[600_000]) + "\"}");
        assertError(r, 413, "MEDIA_TOO_LARGE");
        assertTrue(r.body().contains("300000"), r.toString());
    }

    @Test
    void brokenMediaBase64StringsAreBadRequests() {
        for (String value : List.of("5", "[\"QUJD\"]", "\"QUJD\\x\"", "\"QU\u0001JD\"", "\"QUJD\\u00G1\"")) {
            assertError(
                    api.post(SEND, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":" + value + "}"),
                    400,
                    "INVALID_REQUEST");
        }
        assertError(
                api.post(SEND, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"QUJD"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(SEND, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"QUJD\"} x"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(
                        SEND,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"QUJD\","
                                + "\"mediaBase64\":\"QUJD\"}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(SEND, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"QU JD*\"}"),
                400,
                "INVALID_MEDIA");
        assertError(
                api.post(SEND, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"  \"}"),
                400,
                "MEDIA_REQUIRED");
    }

    @Test
    void aChunkedBodyOverTheLimitGetsTheApiErrorShape() throws Exception {
        byte[] body = ("{\"to\":\"919876543210\",\"type\":\"document\",\"mediaBase64\":\""
                        + Base64.getEncoder().encodeToString(new byte[900_000]) + "\"}")
                .getBytes();
        HttpRequest request = HttpRequest.newBuilder(target.getUri().resolve(SEND))
                .header("X-API-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), r.body());
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> delivered() {
        return (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
    }
}
