package cloud.wapiconnect.media;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tells what media bytes really are from their magic numbers, so that a PDF sent as an image is
 * caught before WhatsApp rejects it.
 */
public final class MediaSniffer {
    /** How many leading bytes {@link #sniff} looks at. */
    public static final int HEAD = 80;

    private MediaSniffer() {}

    /** @param b the media's first {@link #HEAD} bytes (or all of it, if shorter) */
    public static Optional<String> sniff(byte[] b) {
        if (starts(b, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("image/jpeg");
        }
        if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of("image/png");
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return Optional.of("image/webp");
        }
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
            return Optional.of("image/gif");
        }
        if (ascii(b, 4, "ftyp")) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.US_ASCII) : "";
            if (brand.startsWith("3gp") || brand.startsWith("3g2")) {
                return Optional.of("video/3gpp");
            }
            if (brand.startsWith("M4A") || brand.startsWith("M4B")) {
                return Optional.of("audio/mp4");
            }
            return Optional.of("video/mp4");
        }
        if (ascii(b, 0, "OggS")) {
            return Optional.of(indexOf(b, "OpusHead", 64) >= 0 ? "audio/ogg; codecs=opus" : "audio/ogg");
        }
        if (ascii(b, 0, "ID3") || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE6) == 0xE2)) {
            return Optional.of("audio/mpeg");
        }
        if (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xF6) == 0xF0) {
            return Optional.of("audio/aac");
        }
        if (ascii(b, 0, "#!AMR")) {
            return Optional.of("audio/amr");
        }
        if (ascii(b, 0, "%PDF-")) {
            return Optional.of("application/pdf");
        }
        if (starts(b, 0, 'P', 'K', 3, 4)) {
            return Optional.of("application/zip");
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int offset, String expected) {
        return b.length >= offset + expected.length()
                && Arrays.equals(
                        b,
                        offset,
                        offset + expected.length(),
                        expected.getBytes(StandardCharsets.US_ASCII),
                        0,
                        expected.length());
    }

    private static int indexOf(byte[] b, String needle, int within) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + n.length <= Math.min(b.length, within + n.length); i++) {
            if (Arrays.equals(b, i, i + n.length, n, 0, n.length)) {
                return i;
            }
        }
        return -1;
    }
}
