package cloud.wapiconnect.util;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Small but real media files, made by the tests: the magic numbers and structure their formats start with. */
public final class MediaFiles {
    private MediaFiles() {}

    public static byte[] jpeg() {
        return image("jpg");
    }

    public static byte[] png() {
        return image("png");
    }

    /** An MP4 file: an {@code ftyp} box (brand isom) followed by an empty {@code mdat} box. */
    public static byte[] mp4() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 0x18});
        out.writeBytes("ftypisom".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 2, 0});
        out.writeBytes("isomiso2".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, 0, 8});
        out.writeBytes("mdat".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The first page of an Ogg Opus stream: the page header and the OpusHead packet. */
    public static byte[] oggOpus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("OggS".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1, 19});
        out.writeBytes("OpusHead".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 1, 0x38, 1, (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0});
        return out.toByteArray();
    }

    /** An ID3-tagged MP3 header. */
    public static byte[] mp3() {
        byte[] bytes = new byte[64];
        System.arraycopy("ID3".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 3);
        bytes[3] = 4;
        return bytes;
    }

    public static byte[] pdf() {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                        + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A static WebP (a sticker): what the sandbox sniffs (RIFF … WEBP), then a lossless frame. */
    public static byte[] webp() {
        byte[] body =
                "WEBPVP8L\u000e\u0000\u0000\u0000/\u0000\u0000\u0000\u0010\u0007\u0010\u0011\u0011\u0088\u0088\u00fe\u0007\u0000"
                        .getBytes(StandardCharsets.ISO_8859_1);
        byte[] file = new byte[8 + body.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 4);
        file[4] = (byte) body.length;
        System.arraycopy(body, 0, file, 8, body.length);
        return file;
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(4, 4, 20, 12);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
