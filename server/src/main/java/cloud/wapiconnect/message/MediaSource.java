package cloud.wapiconnect.message;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.media.MediaResolver;

/**
 * Where a drafted message's media comes from, as the request gave it: a URL or inline media decoded with the
 * request, with the declared MIME type and file name.
 */
public record MediaSource(String url, InlineMedia base64, String mimeType, String fileName) {

    static MediaSource of(MessageFields f) {
        return new MediaSource(f.mediaUrl(), f.mediaBase64(), f.mediaMimeType(), f.fileName());
    }

    /**
     * Checks what needs no I/O.
     *
     * @throws WapiException the codes of {@link MediaResolver#precheck}
     */
    void precheck(MediaKind kind, MediaResolver resolver) {
        resolver.precheck(kind, url, base64, mimeType, fileName);
    }

    /**
     * Fetches or takes the bytes (network I/O: never inside a transaction).
     *
     * @throws WapiException the codes of {@link MediaResolver#resolve}
     */
    Media resolve(MediaKind kind, MediaResolver resolver) {
        return resolver.resolve(kind, url, base64, mimeType, fileName);
    }
}
