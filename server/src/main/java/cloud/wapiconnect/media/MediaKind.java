package cloud.wapiconnect.media;

import cloud.wapiconnect.config.WapiConfig.MediaConfig;
import java.util.Locale;

/** The kinds of media a message can carry, named as the API's {@code type}. */
public enum MediaKind {
    IMAGE,
    VIDEO,
    AUDIO,
    DOCUMENT,
    /** WebP, static or animated; never with a caption. */
    STICKER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The largest file of this kind that a message may carry; stickers are images. */
    public long maxBytes(MediaConfig limits) {
        return switch (this) {
            case IMAGE, STICKER -> limits.maxImageBytes();
            case VIDEO -> limits.maxVideoBytes();
            case AUDIO -> limits.maxAudioBytes();
            case DOCUMENT -> limits.maxDocumentBytes();
        };
    }

    /** Whether a MIME type is of this kind; documents take any. */
    public boolean accepts(String mimeType) {
        return switch (this) {
            case IMAGE -> mimeType.startsWith("image/");
            case VIDEO -> mimeType.startsWith("video/");
            case AUDIO -> mimeType.startsWith("audio/");
            case DOCUMENT -> true;
            case STICKER -> mimeType.equals("image/webp");
        };
    }
}
