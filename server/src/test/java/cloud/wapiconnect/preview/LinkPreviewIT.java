package cloud.wapiconnect.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaServer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Link previews made by the server, end to end on the sandbox over real HTTP: a page served locally (private
 * networks allowed for the test) gives the title, description and thumbnail the simulated network receives;
 * {@code linkPreview:false} fetches nothing; a page that cannot be had never fails the send.
 */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
class LinkPreviewIT {
    private static final String CUSTOMER = "919876543211";
    private static final String PAGE = """
            <!doctype html><html><head>
            <meta charset="utf-8"><title>Fallback title</title>
            <!-- <meta property="og:title" content="Commented out"> -->
            <META content='Spring sale &amp; more' property=og:title>
            <meta property="og:description" content="Everything 20% off,
               this week only.">
            <meta property="og:image" content="/img/cover.png">
            </head><body><meta property="og:title" content="In the body"></body></html>
            """;

    @Inject
    WebTarget target;

    private Api api;
    private String key;
    private MediaServer pages;

    @BeforeEach
    void session() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", "919800000900");
        pages = new MediaServer()
                .file("/sale", PAGE.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8")
                .file("/img/cover.png", png(640, 480), "image/png")
                .file(
                        "/plain",
                        "<html><head><title>Just a title</title></head></html>".getBytes(StandardCharsets.UTF_8),
                        null)
                .slow("/slow", 10_000);
    }

    @AfterEach
    void close() {
        pages.close();
    }

    private static byte[] png(int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String sent(String text, Boolean linkPreview) {
        String json = "{\"to\":\"" + CUSTOMER + "\",\"message\":\"" + text + "\""
                + (linkPreview == null ? "" : ",\"linkPreview\":" + linkPreview) + "}";
        Api.Response r = api.post("/api/whatsapp/session/main/send", key, json);
        assertEquals(200, r.status(), r.toString());
        return (String) r.get("messageId");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> delivered(String messageId) {
        List<Map<String, Object>> all = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return all.stream()
                .filter(d -> messageId.equals(d.get("messageId")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not delivered: " + messageId + " in " + all));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> preview(Map<String, Object> delivery) {
        return (Map<String, Object>) delivery.get("preview");
    }

    @Test
    void aTextWithAUrlCarriesThePreviewTheServerMadeFromThePage() {
        String url = pages.url("/sale");
        Map<String, Object> delivery = delivered(sent("Look: " + url + "!", null));
        assertEquals("Look: " + url + "!", delivery.get("message"));
        Map<String, Object> preview = preview(delivery);
        assertNotNull(preview, delivery.toString());
        assertEquals(url, preview.get("url"));
        assertEquals(url, preview.get("matchedText"));
        assertEquals("Spring sale & more", preview.get("title"));
        assertEquals("Everything 20% off, this week only.", preview.get("description"));
        assertNotNull(preview.get("thumbnailSha256"), "og:image became the thumbnail");
        assertEquals(1, pages.hits("/img/cover.png"));

        Map<String, Object> plain = preview(delivered(sent("see " + pages.url("/plain"), true)));
        assertEquals("Just a title", plain.get("title"));
        assertNull(plain.get("description"));
        assertNull(plain.get("thumbnailSha256"));
    }

    @Test
    void linkPreviewFalseSendsTheUrlWithoutFetchingIt() {
        Map<String, Object> delivery = delivered(sent("see " + pages.url("/sale"), false));
        assertEquals(false, delivery.get("linkPreview"));
        assertNull(preview(delivery));
        assertEquals(0, pages.hits("/sale"));
    }

    @Test
    void aPageThatCannotBeHadMeansNoPreviewNeverAFailedSend() {
        assertNull(preview(delivered(sent("down: http://127.0.0.1:1/nothing-listens", null))));
        assertNull(preview(delivered(sent("missing: " + pages.url("/no-such-page"), null))));
        long started = System.nanoTime();
        Map<String, Object> slow = delivered(sent("slow: " + pages.url("/slow"), null));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertNull(preview(slow));
        assertTrue(tookMs < 6_000, "the page's deadline bounds the send: " + tookMs + " ms");
        assertNull(preview(delivered(sent("no url here", null))));
    }
}
