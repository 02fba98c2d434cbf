package cloud.wapiconnect.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InlineMediaDecoderTest {
    private static final byte[] BYTES = random(10_001);

    @Test
    void plainPaddedUnpaddedUrlSafeAndWrappedBase64AllDecodeToTheSameBytes() {
        for (String text : new String[] {
            Base64.getEncoder().encodeToString(BYTES),
            Base64.getEncoder().withoutPadding().encodeToString(BYTES),
            Base64.getUrlEncoder().encodeToString(BYTES),
            Base64.getMimeEncoder().encodeToString(BYTES),
            " " + Base64.getEncoder().encodeToString(BYTES) + "\n"
        }) {
            assertArrayEquals(BYTES, bytes(InlineMedia.decode(text, Long.MAX_VALUE)), text.substring(0, 20));
        }
        for (int length = 1; length < 8; length++) {
            byte[] small = random(length);
            assertArrayEquals(
                    small, bytes(InlineMedia.decode(Base64.getEncoder().encodeToString(small), 100)));
        }
    }

    @Test
    void aDataUrlGivesItsTypeAndItsBytes() {
        InlineMedia media = InlineMedia.decode(
                "DATA:image/png;name=x.png;base64," + Base64.getEncoder().encodeToString(BYTES), Long.MAX_VALUE);
        assertArrayEquals(BYTES, bytes(media));
        assertEquals(Optional.of("image/png"), media.dataUrlType());
        // Starts like a data URL but is base64 ("data" is base64; the colon is not).
        assertArrayEquals(Base64.getDecoder().decode("dataAAAA"), bytes(InlineMedia.decode("dataAAAA", 100)));
    }

    @Test
    void whatIsNotBase64IsInvalidAndBlankIsAbsent() {
        for (String text : new String[] {
            "not*base64!",
            "QUJD-+/A",
            "QUJDR",
            "QQ=A",
            "QQ===",
            "Q===",
            "ÄQUJD",
            "data:text/plain,hello",
            "data:" + "x".repeat(300),
            "data:image/png;base64,QUJD*"
        }) {
            InlineMedia media = InlineMedia.decode(text, 1000);
            assertTrue(media.present(), text);
            WapiException e = assertThrows(WapiException.class, () -> media.bytes(1000), text);
            assertEquals(ErrorCode.INVALID_MEDIA, e.code(), text);
        }
        assertFalse(InlineMedia.decode("", 10).present());
        assertFalse(InlineMedia.decode(" \n\t", 10).present());
        assertEquals(
                0, InlineMedia.decode("data:image/png;base64,", 10).bytes(10).size(), "present but empty");
    }

    @Test
    void nothingBeyondTheCapIsKept() {
        String text = Base64.getEncoder().encodeToString(BYTES);
        InlineMedia media = InlineMedia.decode(text, BYTES.length - 1);
        assertTrue(media.largerThan(Long.MAX_VALUE), "beyond the cap is too large for any limit");
        assertEquals(
                ErrorCode.MEDIA_TOO_LARGE,
                assertThrows(WapiException.class, () -> media.bytes(5)).code());
        InlineMedia exact = InlineMedia.decode(text, BYTES.length);
        assertTrue(exact.largerThan(BYTES.length - 1));
        assertFalse(exact.largerThan(BYTES.length));
    }

    @Test
    void aSizeHintAboveOrBelowTheContentGivesTheSameBytes() {
        for (long hint : new long[] {0, 10, BYTES.length, BYTES.length + 3, 10 * BYTES.length}) {
            InlineMediaDecoder decoder = new InlineMediaDecoder(hint, Long.MAX_VALUE);
            byte[] text = Base64.getEncoder().encode(BYTES);
            decoder.accept(text, 0, 7);
            decoder.accept(text, 7, text.length);
            MediaBytes result = decoder.finish().bytes(Long.MAX_VALUE);
            assertArrayEquals(BYTES, result.head(Integer.MAX_VALUE), "hint " + hint);
            assertEquals(BYTES.length, result.buffer().remaining());
        }
    }

    @Test
    void theFingerprintFollowsTheBytesNotTheirSpelling() {
        String plain = Base64.getEncoder().encodeToString(BYTES);
        assertEquals(
                InlineMedia.decode(plain, Long.MAX_VALUE).fingerprint(),
                InlineMedia.decode(Base64.getMimeEncoder().encodeToString(BYTES), Long.MAX_VALUE)
                        .fingerprint());
        assertFalse(InlineMedia.decode(plain, Long.MAX_VALUE)
                .fingerprint()
                .equals(InlineMedia.decode("data:image/png;base64," + plain, Long.MAX_VALUE)
                        .fingerprint()));
        assertEquals(MediaBytes.of(BYTES).sha256(), cloud.wapiconnect.crypto.Sha256.hex(BYTES));
        assertEquals(
                "abc",
                new String(
                        MediaBytes.of("abc".getBytes(StandardCharsets.US_ASCII)).head(10), StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(InlineMedia media) {
        return media.bytes(Long.MAX_VALUE).head(Integer.MAX_VALUE);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
