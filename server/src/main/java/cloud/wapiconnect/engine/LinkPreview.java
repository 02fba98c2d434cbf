package cloud.wapiconnect.engine;

import java.util.Objects;

/**
 * What WhatsApp shows under a text's URL, made by the server (engines never fetch a tenant's URL themselves).
 *
 * @param url           the page's URL after redirects
 * @param matchedText   the URL as it appears in the text
 * @param title         the page's title (og:title, else its title element)
 * @param description   og:description, or null
 * @param jpegThumbnail a small JPEG of og:image, or null
 */
public record LinkPreview(String url, String matchedText, String title, String description, byte[] jpegThumbnail) {
    public LinkPreview {
        Objects.requireNonNull(url);
        Objects.requireNonNull(matchedText);
        Objects.requireNonNull(title);
    }
}
