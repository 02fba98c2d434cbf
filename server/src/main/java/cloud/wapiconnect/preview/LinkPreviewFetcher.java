package cloud.wapiconnect.preview;

import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.media.MediaFetcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes the link preview of a text's first http(s) URL on the server, so that no engine fetches a tenant's URL
 * itself: the page and its og:image come through the {@link MediaFetcher}, under the same address guard as
 * media URLs, each in one attempt with a short deadline and a small size cap. A preview is a nicety: any
 * failure (unreachable, refused, not HTML, no title, an unreadable image) means no preview, or no thumbnail,
 * never a failed send. Network I/O: never call it inside a transaction.
 */
@ApplicationScoped
public class LinkPreviewFetcher {
    private static final Logger LOG = Logger.getLogger(LinkPreviewFetcher.class.getName());
    /** The head of a page holds its meta tags; what comes later is not read. */
    static final int MAX_HTML_BYTES = 256 * 1024;

    static final Duration PAGE_TIMEOUT = Duration.ofSeconds(3);
    static final int MAX_IMAGE_BYTES = 1024 * 1024;
    static final Duration IMAGE_TIMEOUT = Duration.ofSeconds(2);

    private final MediaFetcher fetcher;

    @Inject
    public LinkPreviewFetcher(MediaFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** The text with the preview of its first URL when it wants one and one can be made; else as it is. */
    public OutgoingContent withPreview(OutgoingContent content) {
        if (content instanceof OutgoingContent.Text text && text.linkPreview() && text.preview() == null) {
            return preview(text.text()).map(text::withPreview).orElse(text);
        }
        return content;
    }

    /** The preview of the first http(s) URL in {@code text}, if it has one and the page gives a title. */
    public Optional<LinkPreview> preview(String text) {
        Optional<String> matched = Urls.first(text);
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        String url = matched.get();
        try {
            MediaFetcher.Fetched page = fetcher.fetchPrefix(Urls.withScheme(url), MAX_HTML_BYTES, PAGE_TIMEOUT);
            if (page.contentType()
                    .filter(t -> !t.toLowerCase(Locale.ROOT).contains("html"))
                    .isPresent()) {
                return Optional.empty();
            }
            HtmlMeta meta =
                    HtmlMeta.parse(new String(page.bytes().head(page.bytes().size()), charset(page.contentType())));
            if (meta.title() == null) {
                return Optional.empty();
            }
            byte[] thumbnail = meta.image() == null ? null : thumbnail(page.uri(), meta.image());
            return Optional.of(
                    new LinkPreview(page.uri().toString(), url, meta.title(), meta.description(), thumbnail));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "No link preview for " + url);
            return Optional.empty();
        }
    }

    private byte[] thumbnail(URI page, String image) {
        try {
            URI uri = page.resolve(image.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                return null;
            }
            MediaFetcher.Fetched fetched = fetcher.fetchPrefix(uri.toString(), MAX_IMAGE_BYTES + 1, IMAGE_TIMEOUT);
            if (fetched.bytes().size() > MAX_IMAGE_BYTES) {
                return null;
            }
            return Thumbnails.jpeg(fetched.bytes().head(fetched.bytes().size()));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, e, () -> "No link preview thumbnail from " + image);
            return null;
        }
    }

    private static Charset charset(Optional<String> contentType) {
        return contentType
                .flatMap(t -> {
                    int at = t.toLowerCase(Locale.ROOT).indexOf("charset=");
                    if (at < 0) {
                        return Optional.empty();
                    }
                    String name = t.substring(at + "charset=".length())
                            .split(";", 2)[0]
                            .strip()
                            .replace("\"", "");
                    try {
                        return Optional.of(Charset.forName(name));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                })
                .orElse(StandardCharsets.UTF_8);
    }
}
