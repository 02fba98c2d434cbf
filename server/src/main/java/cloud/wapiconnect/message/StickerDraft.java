package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Optional;

/**
 * A sticker (WebP, static or animated), never with a caption.
 *
 * @param source where the media comes from; null in a draft made from a stored bulk job (its media is resolved)
 */
public record StickerDraft(MediaSource source, DraftOptions options) implements MessageDraft {

    /** @throws WapiException the codes of {@link MediaResolver#precheck}, {@code INVALID_REQUEST} (a caption) */
    static StickerDraft of(MessageFields f, DraftOptions options, MediaResolver resolver) {
        MediaSource source = MediaSource.of(f);
        source.precheck(MediaKind.STICKER, resolver);
        if (f.message() != null && !f.message().isBlank()) {
            throw WapiException.invalid("stickers have no caption (message)");
        }
        return new StickerDraft(source, options);
    }

    @Override
    public MessageType type() {
        return MessageType.STICKER;
    }

    @Override
    public Optional<Media> resolveMedia(MediaResolver resolver) {
        return Optional.ofNullable(source).map(s -> s.resolve(MediaKind.STICKER, resolver));
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.MediaMessage(media.orElseThrow(), null);
    }
}
