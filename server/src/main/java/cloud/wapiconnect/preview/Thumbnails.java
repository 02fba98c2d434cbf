package cloud.wapiconnect.preview;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** The small JPEG WhatsApp shows in a link preview, made from a page's image. */
final class Thumbnails {
    /** The longer side of a thumbnail, as WhatsApp's own previews. */
    static final int SIDE = 192;
    /** Larger images are not decoded: a small file can claim enormous dimensions. */
    static final long MAX_PIXELS = 40_000_000L;

    private Thumbnails() {}

    /** A JPEG of at most {@link #SIDE} pixels a side, or null when the bytes are no image ImageIO can read. */
    static byte[] jpeg(byte[] image) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return null;
                }
                BufferedImage source = reader.read(0);
                double scale = Math.min(1.0, (double) SIDE / Math.max(width, height));
                int w = Math.max(1, (int) Math.round(width * scale));
                int h = Math.max(1, (int) Math.round(height * scale));
                BufferedImage thumbnail = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = thumbnail.createGraphics();
                try {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                    g.setColor(Color.WHITE); // transparent parts of a PNG: white, not black
                    g.fillRect(0, 0, w, h);
                    g.drawImage(source, 0, 0, w, h, null);
                } finally {
                    g.dispose();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                return ImageIO.write(thumbnail, "jpg", out) ? out.toByteArray() : null;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
