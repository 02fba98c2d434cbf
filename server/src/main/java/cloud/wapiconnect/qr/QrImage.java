package cloud.wapiconnect.qr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A QR code the engine showed: its text and its PNG image, rendered once, when first asked for, and then shared by
 * everything that shows it (the session's view, the event stream, webhooks). {@link #of} hands out the same
 * instance for the same text while it is among the last {@value #RECENT} codes, so an event read back from the log
 * shows the image already rendered for the live session.
 */
public final class QrImage {
    private static final int RECENT = 64;
    private static final Map<String, QrImage> RECENTLY_SHOWN = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, QrImage> eldest) {
            return size() > RECENT;
        }
    };

    private final String text;
    private volatile byte[] png;
    private volatile String dataUrl;

    private QrImage(String text) {
        this.text = text;
    }

    /** The code with this text. */
    public static QrImage of(String text) {
        synchronized (RECENTLY_SHOWN) {
            return RECENTLY_SHOWN.computeIfAbsent(text, QrImage::new);
        }
    }

    /** The engine's QR string, as WhatsApp encodes it. */
    public String text() {
        return text;
    }

    /** The PNG image (see {@link QrRenderer}); the same array every time, not to be changed. */
    public byte[] png() {
        byte[] rendered = png;
        if (rendered == null) {
            synchronized (this) {
                if (png == null) {
                    png = QrRenderer.png(text);
                }
                rendered = png;
            }
        }
        return rendered;
    }

    /** The image as the {@code data:image/png;base64,…} URL the API returns as {@code qrCode}. */
    public String dataUrl() {
        String url = dataUrl;
        if (url == null) {
            url = QrRenderer.dataUrl(png());
            dataUrl = url;
        }
        return url;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QrImage other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "QrImage[" + text + "]";
    }
}
