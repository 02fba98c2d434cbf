package cloud.wapiconnect.media;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.Optional;

/**
 * A message's {@code mediaBase64}, decoded while the request body was read (see {@link InlineMediaDecoder}):
 * the base64 text itself is never held. What was wrong with it is kept, not thrown, so that the
 * request's other errors are reported in the same order as for any other source.
 */
public final class InlineMedia {
    private enum State {
        BLANK,
        DECODED,
        INVALID,
        TOO_LARGE
    }

    private final State state;
    private final MediaBytes bytes;
    private final Optional<String> dataUrlType;

    private InlineMedia(State state, MediaBytes bytes, Optional<String> dataUrlType) {
        this.state = state;
        this.bytes = bytes;
        this.dataUrlType = dataUrlType;
    }

    static InlineMedia blank() {
        return new InlineMedia(State.BLANK, null, Optional.empty());
    }

    static InlineMedia decoded(MediaBytes bytes, Optional<String> dataUrlType) {
        return new InlineMedia(State.DECODED, bytes, dataUrlType);
    }

    static InlineMedia invalid() {
        return new InlineMedia(State.INVALID, null, Optional.empty());
    }

    static InlineMedia tooLarge() {
        return new InlineMedia(State.TOO_LARGE, null, Optional.empty());
    }

    /**
     * Base64 text a facade already holds whole (a gRPC string field), or null for none. Its size is
     * bounded by the transport's message limit, so no cap beyond the array's.
     */
    public static InlineMedia fromText(String base64) {
        return base64 == null ? null : decode(base64, Integer.MAX_VALUE);
    }

    /** Bytes a facade received whole, not as base64 (a portal upload); bounded by that facade's upload limit. */
    public static InlineMedia ofBytes(byte[] bytes) {
        return decoded(MediaBytes.of(bytes), Optional.empty());
    }

    /** Decodes text already in memory (tests, and bodies the streaming path cannot take). */
    public static InlineMedia decode(CharSequence base64, long cap) {
        InlineMediaDecoder decoder = new InlineMediaDecoder(base64.length() / 4L * 3, cap);
        for (int i = 0; i < base64.length(); i++) {
            decoder.accept(base64.charAt(i));
        }
        return decoder.finish();
    }

    /** Whether anything but white space was sent (blank counts as not sent, as for {@code mediaUrl}). */
    public boolean present() {
        return state != State.BLANK;
    }

    /** Whether the media is known to exceed {@code maxBytes} without decoding anything more. */
    public boolean largerThan(long maxBytes) {
        return state == State.TOO_LARGE || state == State.DECODED && bytes.size() > maxBytes;
    }

    /**
     * @throws WapiException {@code INVALID_MEDIA} for text that is not base64, {@code MEDIA_TOO_LARGE} beyond the decode cap
     */
    public MediaBytes bytes(long maxBytes) {
        return switch (state) {
            case DECODED -> bytes;
            case INVALID, BLANK -> throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is not valid base64");
            case TOO_LARGE -> throw MediaFetcher.tooLarge(maxBytes);
        };
    }

    /** The MIME type of a {@code data:} URL, as written. */
    public Optional<String> dataUrlType() {
        return dataUrlType;
    }

    /** What identifies the media for idempotency: the decoded bytes, not how they were written. */
    public String fingerprint() {
        return state == State.DECODED
                ? bytes.sha256() + dataUrlType.map(t -> ";" + t).orElse("")
                : state.name();
    }
}
