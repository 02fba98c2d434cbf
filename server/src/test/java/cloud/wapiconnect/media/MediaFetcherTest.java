package cloud.wapiconnect.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.ResilienceConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.resilience.Resilience;
import cloud.wapiconnect.util.MediaServer;
import cloud.wapiconnect.util.ShippedConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fetcher against a real local server: the guard runs in the lookup each connection uses. */
class MediaFetcherTest {
    private static final byte[] BYTES = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
    private final MediaServer server = new MediaServer();
    private static final Resilience RESILIENCE = new Resilience(ResilienceConfig.from(ShippedConfig.with(Map.of())));
    private final MediaFetcher strict =
            new MediaFetcher(new AddressGuard(false), Duration.ofSeconds(2), Duration.ofSeconds(2), RESILIENCE);
    private final MediaFetcher development =
            new MediaFetcher(new AddressGuard(true), Duration.ofSeconds(2), Duration.ofMillis(800), RESILIENCE);

    @AfterEach
    void stop() {
        server.close();
        strict.close();
        development.close();
    }

    private String local(String path) {
        return server.url(path).replace("127.0.0.1", "localhost");
    }

    @Test
    void aHostNameResolvingToLoopbackIsRefusedByTheResolverOfTheConnection() {
        server.file("/x.jpg", BYTES, "image/jpeg");
        WapiException refused = assertThrows(WapiException.class, () -> strict.fetch(local("/x.jpg"), 1000));
        assertEquals(ErrorCode.MEDIA_URL_FORBIDDEN, refused.code());
        assertTrue(refused.getMessage().contains("localhost resolves to"), refused.getMessage());
        assertEquals(0, server.hits("/x.jpg"), "no request reached the server");
    }

    @Test
    void theSameNameIsFetchedWithTheDevelopmentSwitch() {
        server.file("/x.jpg", BYTES, "image/jpeg");
        MediaFetcher.Fetched fetched = development.fetch(local("/x.jpg"), 1000);
        assertArrayEquals(BYTES, fetched.bytes().head(100));
        assertEquals("image/jpeg", fetched.contentType().orElseThrow());
    }

    @Test
    void aRedirectToAForbiddenAddressIsRefusedAtItsHop() {
        server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
                .redirect("/to-file", "file:///etc/passwd");
        WapiException metadata =
                assertThrows(WapiException.class, () -> development.fetch(local("/to-metadata"), 1000));
        assertEquals(ErrorCode.MEDIA_URL_FORBIDDEN, metadata.code());
        assertTrue(
                metadata.getMessage().contains("169.254.169.254 resolves to 169.254.169.254"), metadata.getMessage());
        assertEquals(1, server.hits("/to-metadata"), "a refusal is not retried");
        assertEquals(
                ErrorCode.MEDIA_URL_FORBIDDEN,
                assertThrows(WapiException.class, () -> development.fetch(local("/to-file"), 1000))
                        .code());
    }

    @Test
    void threeRedirectsAreFollowedAndAFourthIsNot() {
        server.file("/x.jpg", BYTES, "image/jpeg")
                .redirect("/a1", "/a2")
                .redirect("/a2", "/a3")
                .redirect("/a3", "/x.jpg")
                .redirect("/b1", "/b2")
                .redirect("/b2", "/b3")
                .redirect("/b3", "/b4")
                .redirect("/b4", "/x.jpg");
        assertArrayEquals(BYTES, development.fetch(local("/a1"), 1000).bytes().head(100));
        WapiException tooMany = assertThrows(WapiException.class, () -> development.fetch(local("/b1"), 1000));
        assertEquals(ErrorCode.MEDIA_FETCH_FAILED, tooMany.code());
        assertTrue(tooMany.getMessage().contains("more than 3 redirects"), tooMany.getMessage());
    }

    @Test
    void aTricklingUpstreamIsAbortedAtTheDeadline() {
        server.trickle("/trickle.jpg", 1000, 50);
        long started = System.nanoTime();
        WapiException slow = assertThrows(WapiException.class, () -> development.fetch(local("/trickle.jpg"), 100_000));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ErrorCode.MEDIA_FETCH_FAILED, slow.code());
        assertTrue(slow.getMessage().contains("timed out after 800 ms"), slow.getMessage());
        assertTrue(millis < 2500, "aborted at the deadline, not after the whole body: " + millis + " ms");
    }

    @Test
    void aChunkedBodyPastTheCapIsRefusedWhileStreaming() {
        server.stream("/endless", BYTES, 5_000_000);
        WapiException tooLarge = assertThrows(WapiException.class, () -> development.fetch(local("/endless"), 100_000));
        assertEquals(ErrorCode.MEDIA_TOO_LARGE, tooLarge.code());
    }
}
