package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Optional;

/**
 * An image, video, document or audio, with {@code message} (and {@code header}, {@code footer}) as its caption.
 *
 * @param source where the media comes from; null in a draft made from a stored bulk job (its media is resolved)
 */
public record MediaDraft(
        MessageType type, MediaSource source, String header, String message, String footer, DraftOptions options)
        implements MessageDraft {

    public MediaDraft {
        if (type.mediaKind().isEmpty() || type == MessageType.STICKER) {
            throw new IllegalArgumentException(type + " is no media type with a caption");
        }
    }

    /**
     * @throws WapiException the codes of {@link MediaResolver#precheck}, {@code INVALID_REQUEST} (caption too long)
     */
    static MediaDraft of(MessageType type, MessageFields f, DraftOptions options, MediaResolver resolver) {
        MediaSource source = MediaSource.of(f);
        source.precheck(type.mediaKind().orElseThrow(), resolver);
        MessageTexts.caption(f.header(), f.message(), f.footer());
        return new MediaDraft(type, source, f.header(), f.message(), f.footer(), options);
    }

    public MediaKind kind() {
        return type.mediaKind().orElseThrow();
    }

    @Override
    public Optional<Media> resolveMedia(MediaResolver resolver) {
        return Optional.ofNullable(source).map(s -> s.resolve(kind(), resolver));
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.MediaMessage(
                media.orElseThrow(),
                MessageTexts.withMentions(
                        MessageTexts.caption(header, message, footer), options.mentions(), MessageTexts.MAX_CAPTION));
    }
}
