package cloud.wapiconnect.media;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a message's media fields into {@link Media}: takes the inline bytes or fetches them (network I/O: never
 * call it inside a transaction), picks the MIME type (declared, else served, else sniffed), checks that
 * images, videos and audio really are what they claim, and enforces the size limit of the kind.
 */
@ApplicationScoped
public class MediaResolver {
    private static final String OCTET_STREAM = "application/octet-stream";
    /** The {@code media_mime} and {@code file_name} columns of the message log and bulk jobs. */
    static final int MAX_MIME_TYPE = 100;

    static final int MAX_FILE_NAME = 255;
    private static final Map<String, String> EXTENSIONS = Map.of(
            "application/pdf",
            "pdf",
            "image/jpeg",
            "jpg",
            "image/png",
            "png",
            "image/webp",
            "webp",
            "video/mp4",
            "mp4",
            "audio/mpeg",
            "mp3",
            "audio/ogg",
            "ogg",
            "text/plain",
            "txt",
            "application/zip",
            "zip");

    private final MediaFetcher fetcher;
    private final WapiConfig.MediaConfig limits;

    @Inject
    public MediaResolver(MediaFetcher fetcher, WapiConfig config) {
        this.fetcher = fetcher;
        this.limits = config.media();
    }

    /**
     * Checks the fields that need no I/O: exactly one source, inline media within the limit, and a declared type
     * and file name that fit where they are kept.
     *
     * @throws WapiException {@code MEDIA_REQUIRED}, {@code MEDIA_SOURCE_CONFLICT}, {@code MEDIA_TOO_LARGE},
     *                       {@code INVALID_REQUEST}
     */
    public void precheck(MediaKind kind, String mediaUrl, InlineMedia mediaBase64, String mimeType, String fileName) {
        if (mimeType != null && mimeType.trim().length() > MAX_MIME_TYPE) {
            throw WapiException.invalidField(
                    "mediaMimeType", "mediaMimeType must be at most " + MAX_MIME_TYPE + " characters");
        }
        if (fileName != null && fileName.trim().length() > MAX_FILE_NAME) {
            throw WapiException.invalidField("fileName", "fileName must be at most " + MAX_FILE_NAME + " characters");
        }
        boolean hasUrl = mediaUrl != null && !mediaUrl.isBlank();
        boolean hasBase64 = mediaBase64 != null && mediaBase64.present();
        if (!hasUrl && !hasBase64) {
            throw new WapiException(
                    ErrorCode.MEDIA_REQUIRED, "type " + kind.wireName() + " needs mediaUrl or mediaBase64");
        }
        if (hasUrl && hasBase64) {
            throw new WapiException(ErrorCode.MEDIA_SOURCE_CONFLICT, "Send either mediaUrl or mediaBase64, not both");
        }
        long max = kind.maxBytes(limits);
        if (hasBase64 && mediaBase64.largerThan(max)) {
            throw MediaFetcher.tooLarge(max);
        }
    }

    /**
     * Downloads the media, or takes the inline media decoded with the request, and checks it.
     *
     * @throws WapiException the codes of {@link #precheck}, {@code INVALID_MEDIA}, {@code MEDIA_TYPE_MISMATCH},
     *                       {@code MEDIA_URL_FORBIDDEN}, {@code MEDIA_FETCH_FAILED}
     */
    public Media resolve(MediaKind kind, String mediaUrl, InlineMedia mediaBase64, String mimeType, String fileName) {
        precheck(kind, mediaUrl, mediaBase64, mimeType, fileName);
        long max = kind.maxBytes(limits);
        MediaBytes bytes;
        Optional<String> served;
        Optional<String> nameFromUrl = Optional.empty();
        if (mediaUrl != null && !mediaUrl.isBlank()) {
            MediaFetcher.Fetched fetched = fetcher.fetch(mediaUrl, max);
            bytes = fetched.bytes();
            // What the far side serves is not the tenant's input: what does not fit is ignored, not an error.
            served = fetched.contentType()
                    .map(MediaResolver::baseType)
                    .filter(t -> !t.equals(OCTET_STREAM))
                    .filter(t -> t.length() <= MAX_MIME_TYPE);
            nameFromUrl = lastPathSegment(fetched.uri());
        } else {
            bytes = mediaBase64.bytes(max);
            served = mediaBase64
                    .dataUrlType()
                    .map(MediaResolver::baseType)
                    .filter(t -> !t.isEmpty())
                    .filter(t -> t.length() <= MAX_MIME_TYPE);
        }
        if (bytes.size() == 0) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "The media is empty");
        }
        if (bytes.size() > max) {
            throw MediaFetcher.tooLarge(max);
        }
        Optional<String> sniffed = MediaSniffer.sniff(bytes.head(MediaSniffer.HEAD));
        Optional<String> servedType = served;
        Optional<String> urlName = nameFromUrl;
        Optional<String> declared = Optional.ofNullable(mimeType)
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(t -> t.toLowerCase(Locale.ROOT));
        String mime;
        if (kind == MediaKind.DOCUMENT) {
            mime = declared.or(() -> servedType).or(() -> sniffed).orElse(OCTET_STREAM);
        } else {
            // What the bytes are decides: a declared type cannot turn a PDF into an image.
            mime = sniffed.filter(kind::accepts)
                    .orElseThrow(() -> new WapiException(
                            ErrorCode.MEDIA_TYPE_MISMATCH,
                            "The media is " + sniffed.orElse("of an unknown format") + ", not " + article(kind)
                                    + (kind == MediaKind.STICKER
                                            ? " (stickers are WebP, static or animated)"
                                            : " (supported: JPEG, PNG, WebP; MP4, 3GP; OGG/Opus, MP3, M4A/AAC, AMR)")));
        }
        String name = Optional.ofNullable(fileName)
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .or(() -> urlName)
                .orElse(kind == MediaKind.DOCUMENT ? "file." + EXTENSIONS.getOrDefault(baseType(mime), "bin") : null);
        boolean voiceNote = kind == MediaKind.AUDIO && mime.startsWith("audio/ogg");
        return new Media(kind, bytes, mime, name, voiceNote);
    }

    private static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static Optional<String> lastPathSegment(URI uri) {
        String path = uri.getPath();
        if (path == null) {
            return Optional.empty();
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() || last.length() > MAX_FILE_NAME ? Optional.empty() : Optional.of(last);
    }

    private static String article(MediaKind kind) {
        return (kind == MediaKind.IMAGE ? "an " : "a ") + kind.wireName();
    }
}
