package cloud.wapiconnect.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The media of incoming messages, downloaded later over real HTTP from the sandbox engine. */
@HelidonTest
class IncomingMediaIT {
    private static final byte[] PHOTO = new byte[300_000];

    static {
        new Random(7).nextBytes(PHOTO);
        PHOTO[0] = (byte) 0xFF;
        PHOTO[1] = (byte) 0xD8;
    }

    @Inject
    WebTarget target;

    private Api api;
    private String key;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
    }

    private String receive(String session, Map<String, Object> body) {
        Api.Response r = api.post("/api/sandbox/session/" + session + "/incoming", key, Json.write(body));
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    @Test
    void theMediaOfAnIncomingMessageDownloadsByteForByteWithItsTypeAndName() {
        api.readySession(key, "inbox", "919800000101");
        String id = receive(
                "inbox",
                Map.of(
                        "from",
                        "919800000102",
                        "body",
                        "look",
                        "type",
                        "image",
                        "mediaBase64",
                        Base64.getEncoder().encodeToString(PHOTO),
                        "mediaMimeType",
                        "image/jpeg",
                        "fileName",
                        "beach \"day\"/é.jpg"));

        Api.BytesResponse media = api.getBytes("/api/whatsapp/session/inbox/media/" + id, key);
        assertEquals(200, media.status());
        assertEquals(Sha256.hex(PHOTO), Sha256.hex(media.body()));
        assertArrayEquals(PHOTO, media.body());
        assertEquals("image/jpeg", media.header("content-type"));
        String disposition = media.header("content-disposition");
        assertTrue(disposition.startsWith("attachment; filename=\"beach _day__"), disposition);
        assertTrue(disposition.contains("filename*=UTF-8''beach%20_day__%C3%A9.jpg"), disposition);
    }

    @Test
    void mediaWithoutTypeOrNameIsAnOctetStreamNamedAfterTheMessage() {
        api.readySession(key, "bare", "919800000103");
        byte[] doc = {1, 2, 3, 4, 5};
        String id = receive(
                "bare",
                Map.of(
                        "from",
                        "919800000104",
                        "body",
                        "",
                        "type",
                        "document",
                        "mediaBase64",
                        Base64.getEncoder().encodeToString(doc)));
        Api.BytesResponse media = api.getBytes("/api/whatsapp/session/bare/media/" + id, key);
        assertEquals(200, media.status());
        assertArrayEquals(doc, media.body());
        assertEquals("application/octet-stream", media.header("content-type"));
        assertEquals(
                "attachment; filename=\"" + id + "\"; filename*=UTF-8''" + id, media.header("content-disposition"));
    }

    @Test
    void aMessageWithoutMediaOrAnUnknownIdIsMediaNotFound() {
        api.readySession(key, "texts", "919800000105");
        String text = receive("texts", Map.of("from", "919800000106", "body", "just words"));
        for (String id : new String[] {text, "3EB0NOSUCHMESSAGE"}) {
            Api.Response r = api.get("/api/whatsapp/session/texts/media/" + id, key);
            assertEquals(404, r.status(), r.toString());
            assertEquals("MEDIA_NOT_FOUND", r.code());
            assertTrue(
                    r.headers().get("content-type").startsWith("application/json"),
                    r.headers().toString());
        }
    }

    @Test
    void anotherTenantsSessionIsNotFoundAndADisconnectedOneIsNotReady() {
        api.readySession(key, "private", "919800000107");
        String id = receive(
                "private",
                Map.of(
                        "from",
                        "919800000108",
                        "body",
                        "",
                        "type",
                        "image",
                        "mediaBase64",
                        Base64.getEncoder().encodeToString(PHOTO),
                        "mediaMimeType",
                        "image/jpeg"));

        String stranger = api.tenant("business").key();
        Api.Response foreign = api.get("/api/whatsapp/session/private/media/" + id, stranger);
        assertEquals(404, foreign.status(), foreign.toString());
        assertEquals("SESSION_NOT_FOUND", foreign.code());

        assertEquals(
                200,
                api.post("/api/whatsapp/session/private/disconnect", key, null).status());
        Api.Response offline = api.get("/api/whatsapp/session/private/media/" + id, key);
        assertEquals(409, offline.status(), offline.toString());
        assertEquals("SESSION_NOT_READY", offline.code());
    }

    @Test
    void theSandboxRefusesMediaItCannotCarry() {
        api.readySession(key, "strict", "919800000109");
        assertEquals(
                "INVALID_REQUEST",
                api.post(
                                "/api/sandbox/session/strict/incoming",
                                key,
                                "{\"from\":\"919800000110\",\"body\":\"x\",\"mediaBase64\":\"AAEC\"}")
                        .code());
        assertEquals(
                "INVALID_MEDIA",
                api.post(
                                "/api/sandbox/session/strict/incoming",
                                key,
                                "{\"from\":\"919800000110\",\"body\":\"x\",\"type\":\"image\",\"mediaBase64\":\"not base64!\"}")
                        .code());
        assertEquals(
                "INVALID_REQUEST",
                api.post(
                                "/api/sandbox/session/strict/incoming",
                                key,
                                "{\"from\":\"919800000110\",\"body\":\"x\",\"mediaMimeType\":\"image/png\"}")
                        .code());
    }
}
