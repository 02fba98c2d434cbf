package cloud.wapiconnect.media;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a message's media fields into {@link Media}: decodes or fetches the bytes (network I/O: never
 * call it inside a transaction), picks the MIME type (declared, else served, else sniffed), checks that
 * images, videos and audio really are what they claim, and enforces the size limit of the kind.
 */
@ApplicationScoped
public class MediaResolver {
    private static final Pattern DATA_URL = Pattern.compile("^data:([^;,]*)(;[^,]*)?;base64,", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final Map<String, String> EXTENSIONS = Map.of(
            "application/pdf", "pdf", "image/jpeg", "jpg", "image/png", "png", "image/webp", "webp",
            "video/mp4", "mp4", "audio/mpeg", "mp3", "audio/ogg", "ogg", "text/plain", "txt", "application/zip", "zip");

    private final MediaFetcher fetcher;
    private final WapiConfig.MediaConfig limits;

    @Inject
    public MediaResolver(MediaFetcher fetcher, WapiConfig config) {
        this.fetcher = fetcher;
        this.limits = config.media();
    }

    /**
     * Checks the fields that need no I/O: exactly one source, and a base64 body that cannot be within the limit.
     *
     * @throws WapiException {@code MEDIA_REQUIRED}, {@code MEDIA_SOURCE_CONFLICT}, {@code MEDIA_TOO_LARGE}
     */
    public void precheck(MediaKind kind, String mediaUrl, String mediaBase64) {
        boolean hasUrl = mediaUrl != null && !mediaUrl.isBlank();
        boolean hasBase64 = mediaBase64 != null && !mediaBase64.isBlank();
        if (!hasUrl && !hasBase64) {
            throw new WapiException(ErrorCode.MEDIA_REQUIRED, "type " + kind.wireName() + " needs mediaUrl or mediaBase64");
        }
        if (hasUrl && hasBase64) {
            throw new WapiException(ErrorCode.MEDIA_SOURCE_CONFLICT, "Send either mediaUrl or mediaBase64, not both");
        }
        long max = limits.maxBytes(kind);
        if (hasBase64 && (long) mediaBase64.length() / 4 * 3 > max + max / 100 + 1024) {
            throw MediaFetcher.tooLarge(max);
        }
    }

    /**
     * Decodes or downloads the media and checks it.
     *
     * @throws WapiException the codes of {@link #precheck}, {@code INVALID_MEDIA}, {@code MEDIA_TYPE_MISMATCH},
     *                       {@code MEDIA_URL_FORBIDDEN}, {@code MEDIA_FETCH_FAILED}
     */
    public Media resolve(MediaKind kind, String mediaUrl, String mediaBase64, String mimeType, String fileName) {
        precheck(kind, mediaUrl, mediaBase64);
        long max = limits.maxBytes(kind);
        byte[] bytes;
        Optional<String> served = Optional.empty();
        Optional<String> nameFromUrl = Optional.empty();
        if (mediaUrl != null && !mediaUrl.isBlank()) {
            MediaFetcher.Fetched fetched = fetcher.fetch(mediaUrl, max);
            bytes = fetched.bytes();
            served = fetched.contentType().map(MediaResolver::baseType).filter(t -> !t.equals(OCTET_STREAM));
            nameFromUrl = lastPathSegment(fetched.uri());
        } else {
            var dataUrl = DATA_URL.matcher(mediaBase64);
            String payload = mediaBase64;
            if (dataUrl.find()) {
                served = Optional.of(baseType(dataUrl.group(1))).filter(t -> !t.isEmpty());
                payload = mediaBase64.substring(dataUrl.end());
            }
            bytes = decode(payload);
        }
        if (bytes.length == 0) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "The media is empty");
        }
        if (bytes.length > max) {
            throw MediaFetcher.tooLarge(max);
        }
        Optional<String> sniffed = MediaSniffer.sniff(bytes);
        Optional<String> servedType = served;
        Optional<String> urlName = nameFromUrl;
        Optional<String> declared = Optional.ofNullable(mimeType).map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> t.toLowerCase(Locale.ROOT));
        String mime;
        if (kind == MediaKind.DOCUMENT) {
            mime = declared.or(() -> servedType).or(() -> sniffed).orElse(OCTET_STREAM);
        } else {
            // What the bytes are decides: a declared type cannot turn a PDF into an image.
            mime = sniffed.filter(kind::accepts).orElseThrow(() -> new WapiException(ErrorCode.MEDIA_TYPE_MISMATCH,
                    "The media is " + sniffed.orElse("of an unknown format") + ", not " + article(kind)
                            + " (supported: JPEG, PNG, WebP; MP4, 3GP; OGG/Opus, MP3, M4A/AAC, AMR)"));
        }
        String name = Optional.ofNullable(fileName).map(String::trim).filter(n -> !n.isEmpty())
                .or(() -> urlName)
                .orElse(kind == MediaKind.DOCUMENT ? "file." + EXTENSIONS.getOrDefault(baseType(mime), "bin") : null);
        boolean voiceNote = kind == MediaKind.AUDIO && mime.startsWith("audio/ogg");
        return new Media(kind, bytes, mime, name, voiceNote);
    }

    /**
     * Decodes straight from the string into an exactly sized array: no intermediate copy of the
     * (possibly 130 MB) text. Line breaks are allowed; anything else outside the alphabet is invalid.
     */
    private static byte[] decode(String base64) {
        String text = WHITESPACE.matcher(base64).find() ? WHITESPACE.matcher(base64).replaceAll("") : base64;
        boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        if (text.length() % 4 == 1) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is not valid base64");
        }
        long size = (long) text.length() * 3 / 4 - padding;
        byte[] bytes = new byte[(int) size];
        try (InputStream in = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).wrap(new AsciiInputStream(text))) {
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length || in.read() != -1) {
                throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is not valid base64");
            }
            return bytes;
        } catch (IOException e) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is not valid base64");
        }
    }

    /** The characters of a string as bytes, without copying it (non-ASCII becomes an invalid byte). */
    private static final class AsciiInputStream extends InputStream {
        private final String text;
        private int position;

        AsciiInputStream(String text) {
            this.text = text;
        }

        @Override
        public int read() {
            if (position >= text.length()) {
                return -1;
            }
            char c = text.charAt(position++);
            return c < 128 ? c : '*';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= text.length()) {
                return -1;
            }
            int n = Math.min(len, text.length() - position);
            for (int i = 0; i < n; i++) {
                char c = text.charAt(position++);
                b[off + i] = (byte) (c < 128 ? c : '*');
            }
            return n;
        }
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static Optional<String> lastPathSegment(URI uri) {
        String path = uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? Optional.empty() : Optional.of(last);
    }

    private static String article(MediaKind kind) {
        return (kind == MediaKind.IMAGE ? "an " : "a ") + kind.wireName();
    }
}
