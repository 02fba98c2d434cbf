package cloud.wapiconnect.media;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static cloud.wapiconnect.util.ApiAssertions.newestMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.MediaServer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Media and polls over real HTTP, with media served by a real local HTTP server; the sandbox's
 * delivered list proves by SHA-256 that the exact bytes arrived. Private networks are allowed here
 * (the media server is on loopback); {@link MediaUrlGuardIT} runs with the switch off.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_MEDIA_MAX_IMAGE_BYTES", value = "200000")
@AddConfig(key = "WAPI_MEDIA_FETCH_TIMEOUT_MS", value = "1500")
class MediaIT {
    private static final byte[] JPEG = MediaFiles.jpeg();
    private static final byte[] PNG = MediaFiles.png();
    private static final byte[] MP4 = MediaFiles.mp4();
    private static final byte[] OGG = MediaFiles.oggOpus();
    private static final byte[] MP3 = MediaFiles.mp3();
    private static final byte[] PDF = MediaFiles.pdf();
    /** Larger than one stored part of a bulk job's media (1 MiB). */
    private static final byte[] BROCHURE = java.util.Arrays.copyOf(MediaFiles.pdf(), 2_500_000);

    private static MediaServer files;

    @Inject
    WebTarget target;

    private Api api;
    private String key;

    @BeforeAll
    static void serveFiles() {
        files = new MediaServer()
                        .file("/photo.jpg", JPEG, "image/jpeg")
                        .file("/plain.png", PNG, null)
                        .file("/clip.mp4", MP4, "video/mp4")
                        .file("/voice.ogg", OGG, "audio/ogg")
                        .file("/song.mp3", MP3, "audio/mpeg")
                        .file("/invoice-march.pdf", PDF, "application/pdf")
                        .file("/huge.jpg", new byte[300_000], "image/jpeg")
                        .stream("/endless", JPEG, 400_000)
                        .slow("/sleepy", 4000)
                        .redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
                        .redirect("/to-photo", "/photo.jpg")
                        .status("/gone", 404)
                        .status("/broken", 503)
                        .flaky("/flaky.jpg", 2, JPEG)
                        .file("/campaign.jpg", JPEG, "image/jpeg")
                        .file("/brochure.pdf", BROCHURE, "application/pdf");
    }

    @AfterAll
    static void stop() {
        files.close();
    }

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", "919800000300");
    }

    @Test
    void everyTypeByUrlAndByBase64ArrivesByteForByte() {
        record Case(String type, String path, byte[] bytes, String mime) {}
        List<Case> cases = List.of(
                new Case("image", "/photo.jpg", JPEG, "image/jpeg"),
                new Case("image", "/plain.png", PNG, "image/png"),
                new Case("video", "/clip.mp4", MP4, "video/mp4"),
                new Case("audio", "/voice.ogg", OGG, "audio/ogg; codecs=opus"),
                new Case("audio", "/song.mp3", MP3, "audio/mpeg"),
                new Case("document", "/invoice-march.pdf", PDF, "application/pdf"));
        for (Case c : cases) {
            Map<String, Object> byUrl = sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"" + c.type()
                    + "\",\"mediaUrl\":\"" + files.url(c.path()) + "\",\"message\":\"Your " + c.type() + "\"}");
            assertDelivered(byUrl, c.type(), c.bytes(), c.mime());
            assertEquals("Your " + c.type(), byUrl.get("message"));
            Map<String, Object> byBase64 = sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"" + c.type()
                    + "\",\"mediaBase64\":\"" + Base64.getEncoder().encodeToString(c.bytes()) + "\"}");
            assertDelivered(byBase64, c.type(), c.bytes(), c.mime());
        }
        Map<String, Object> pdf = sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"document\",\"mediaUrl\":\""
                + files.url("/invoice-march.pdf") + "\"}");
        assertEquals("invoice-march.pdf", pdf.get("fileName"), "file name from the URL");
        Map<String, Object> named = sendAndDeliver(
                "{\"to\":\"919876543210\",\"type\":\"document\",\"mediaBase64\":\"data:application/pdf;base64,"
                        + Base64.getEncoder().encodeToString(PDF) + "\",\"fileName\":\"invoice-march-2026.pdf\"}");
        assertEquals("invoice-march-2026.pdf", named.get("fileName"));
        assertEquals("application/pdf", named.get("mimeType"));
        Map<String, Object> unnamed = sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"document\",\"mediaBase64\":\""
                + Base64.getEncoder().encodeToString(PDF) + "\",\"mediaMimeType\":\"application/pdf\"}");
        assertEquals("file.pdf", unnamed.get("fileName"), "file name from the MIME type");
        assertEquals(
                true,
                sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"audio\",\"mediaUrl\":\"" + files.url("/voice.ogg")
                                + "\"}")
                        .get("voiceNote"),
                "OGG/Opus goes out as a voice note");

        Map<String, Object> logged = newestMessage(api.get("/api/whatsapp/messages?limit=1", key));
        assertEquals("audio", logged.get("type"));
        assertEquals(
                Map.of("mimeType", "audio/ogg; codecs=opus", "size", OGG.length, "fileName", "voice.ogg"),
                logged.get("media"));

        Map<String, Object> redirected = sendAndDeliver(
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/to-photo") + "\"}");
        assertEquals(Sha256.hex(JPEG), redirected.get("sha256"), "a redirect to an allowed address is followed");
    }

    @Test
    void mediaThatIsNotWhatItClaimsOrTooLargeIsRefused() {
        String send = "/api/whatsapp/session/main/send";
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/invoice-march.pdf")
                                + "\",\"mediaMimeType\":\"image/jpeg\"}"),
                400,
                "MEDIA_TYPE_MISMATCH");
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"video\",\"mediaBase64\":\""
                                + Base64.getEncoder().encodeToString(JPEG) + "\"}"),
                400,
                "MEDIA_TYPE_MISMATCH");
        Api.Response declared = api.post(
                send,
                key,
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/huge.jpg") + "\"}");
        assertError(declared, 413, "MEDIA_TOO_LARGE");
        assertEquals(200000, ((Number) declared.get("limit")).intValue());
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/endless") + "\"}"),
                413,
                "MEDIA_TOO_LARGE");
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\""
                                + Base64.getEncoder().encodeToString(new byte[300_000]) + "\"}"),
                413,
                "MEDIA_TOO_LARGE");
        assertError(
                api.post(send, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaBase64\":\"not*base64!\"}"),
                400,
                "INVALID_MEDIA");
        assertError(api.post(send, key, "{\"to\":\"919876543210\",\"type\":\"image\"}"), 400, "MEDIA_REQUIRED");
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/photo.jpg")
                                + "\",\"mediaBase64\":\"" + Base64.getEncoder().encodeToString(JPEG) + "\"}"),
                400,
                "MEDIA_SOURCE_CONFLICT");
        assertEquals(0, ((Number) api.get("/api/usage", key).get("used")).intValue(), "refused media costs nothing");
    }

    @Test
    void upstreamFailuresAreReportedAndTransientOnesRetried() {
        String send = "/api/whatsapp/session/main/send";
        Api.Response timeout = api.post(
                send,
                key,
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/sleepy") + "\"}");
        assertError(timeout, 400, "MEDIA_FETCH_FAILED");
        assertTrue(((String) timeout.get("error")).contains("timed out"), timeout.toString());
        Api.Response missing = api.post(
                send, key, "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/gone") + "\"}");
        assertError(missing, 400, "MEDIA_FETCH_FAILED");
        assertTrue(((String) missing.get("error")).contains("404"), missing.toString());
        assertEquals(1, files.hits("/gone"), "a 404 is not retried");
        Api.Response broken = api.post(
                send,
                key,
                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/broken") + "\"}");
        assertError(broken, 400, "MEDIA_FETCH_FAILED");
        assertTrue(((String) broken.get("error")).contains("503"), broken.toString());
        assertEquals(3, files.hits("/broken"), "5xx is retried, 3 attempts in all");
        assertEquals(
                200,
                api.post(
                                send,
                                key,
                                "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/flaky.jpg")
                                        + "\"}")
                        .status(),
                "two 503s, then success");
        assertError(
                api.post(
                        send,
                        key,
                        "{\"to\":\"919876543210\",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/to-metadata")
                                + "\"}"),
                400,
                "MEDIA_URL_FORBIDDEN");
    }

    @Test
    void pollsAreCheckedAndDelivered() {
        Map<String, Object> poll = sendAndDeliver("{\"to\":\"919876543210\",\"type\":\"poll\",\"message\":\"Lunch?\","
                + "\"options\":[\"Pizza\",\"Salad\",\"Soup\"],\"selectableCount\":2}");
        assertEquals("poll", poll.get("type"));
        assertEquals("Lunch?", poll.get("message"));
        assertEquals(Map.of("options", List.of("Pizza", "Salad", "Soup"), "selectableCount", 2), poll.get("poll"));
        String send = "/api/whatsapp/session/main/send";
        for (String bad : List.of(
                "\"options\":[\"only\"]",
                "\"options\":[\"a\",\"a\"]",
                "\"options\":[\"a\",\" \"]",
                "\"options\":[\"a\",\"b\"],\"selectableCount\":0",
                "\"options\":[\"a\",\"b\"],\"selectableCount\":3",
                "\"options\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\"]")) {
            assertError(
                    api.post(send, key, "{\"to\":\"919876543210\",\"type\":\"poll\",\"message\":\"Q\"," + bad + "}"),
                    400,
                    "INVALID_POLL");
        }
        assertError(
                api.post(send, key, "{\"to\":\"919876543210\",\"type\":\"poll\",\"options\":[\"a\",\"b\"]}"),
                400,
                "INVALID_POLL");
    }

    @Test
    void aBulkJobFetchesItsMediaOnceAndPersonalisesCaptions() {
        Api.Response accepted = api.post(
                "/api/whatsapp/session/main/send-bulk",
                key,
                "{\"recipients\":[{\"phone\":\"919876543210\","
                        + "\"name\":\"Asha\"},{\"phone\":\"919876543211\",\"name\":\"Ravi\"},\"919876543212\"],\"type\":\"image\","
                        + "\"mediaUrl\":\"" + files.url("/campaign.jpg")
                        + "\",\"message\":\"Hi {{name}}, your coupon\",\"delayMin\":0,\"delayMax\":0}");
        assertEquals(202, accepted.status(), accepted.toString());
        String jobId = (String) accepted.get("jobId");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                r -> "completed".equals(r.get("status")),
                "the job");
        List<Map<String, Object>> delivered = delivered();
        assertEquals(
                Set.of("Hi Asha, your coupon", "Hi Ravi, your coupon", "Hi , your coupon"),
                Set.copyOf(delivered.subList(0, 3).stream()
                        .map(d -> d.get("message"))
                        .toList()));
        delivered.subList(0, 3).forEach(d -> assertEquals(Sha256.hex(JPEG), d.get("sha256")));
        assertEquals(1, files.hits("/campaign.jpg"), "fetched once for the whole job");

        String second = (String) api.post(
                        "/api/whatsapp/session/main/send-bulk",
                        key,
                        "{\"recipients\":[\"919876543213\","
                                + "\"919876543214\"],\"type\":\"document\",\"mediaUrl\":\"" + files.url("/brochure.pdf")
                                + "\",\"delayMin\":0,\"delayMax\":0}")
                .get("jobId");
        Api.await(
                () -> api.get("/api/whatsapp/bulk-job/" + second, key),
                r -> "completed".equals(r.get("status")),
                "the job");
        delivered().subList(0, 2).forEach(d -> {
            assertEquals(Sha256.hex(BROCHURE), d.get("sha256"), "stored in parts, reassembled exactly");
            assertEquals("brochure.pdf", d.get("fileName"));
        });
    }

    private Map<String, Object> sendAndDeliver(String body) {
        Api.Response sent = api.post("/api/whatsapp/session/main/send", key, body);
        assertEquals(200, sent.status(), sent + " for " + body.substring(0, Math.min(body.length(), 160)));
        Map<String, Object> newest = delivered().getFirst();
        assertEquals(sent.get("messageId"), newest.get("messageId"));
        return newest;
    }

    private static void assertDelivered(Map<String, Object> delivered, String type, byte[] bytes, String mime) {
        assertEquals(type, delivered.get("type"));
        assertEquals(Sha256.hex(bytes), delivered.get("sha256"), "the exact bytes arrived");
        assertEquals(bytes.length, ((Number) delivered.get("size")).intValue());
        assertEquals(mime, delivered.get("mimeType"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> delivered() {
        return (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
    }
}
