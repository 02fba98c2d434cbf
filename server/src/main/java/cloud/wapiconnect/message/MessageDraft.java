package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Optional;

/**
 * A validated message of one {@link MessageType} before anything is fetched or sent: each type's draft checks its
 * own fields ({@code of}) and builds its own {@link OutgoingContent}. For media, the source is still a URL or inline
 * media decoded with the request; {@link #resolveMedia} turns it into checked media. {@link #of} is how a client's
 * fields become a draft; a draft's own constructor checks nothing, for templates validated before (a bulk job's,
 * personalised per recipient).
 */
public sealed interface MessageDraft
        permits TextDraft, MediaDraft, StickerDraft, PollDraft, LocationDraft, ContactDraft, ReactionDraft {

    MessageType type();

    /** What it quotes and mentions, and how long "typing…" shows first. */
    DraftOptions options();

    /**
     * Fetches or takes the draft's media (network I/O: never inside a transaction); empty for types without
     * media and for drafts made from a stored bulk job, whose media is already resolved.
     *
     * @throws WapiException the codes of {@link MediaResolver#resolve}
     */
    default Optional<Media> resolveMedia(MediaResolver resolver) {
        return Optional.empty();
    }

    /**
     * The content to send, given the resolved media (media types) and the message a reaction is for as the log
     * knows it (reactions). Mentions missing from the text or caption are added to its end as {@code @<number>}.
     *
     * @throws WapiException {@code INVALID_REQUEST} when (personalised) text grows too long
     */
    OutgoingContent content(Optional<Media> media, MessageRef reactionTarget);

    /** The content of a draft that is no reaction. */
    default OutgoingContent content(Optional<Media> media) {
        return content(media, null);
    }

    /**
     * Validates everything that needs no I/O, in a fixed order: the type, {@code typingMs}, {@code replyTo},
     * mentions, {@code linkPreview}, then the type's own fields.
     *
     * @throws WapiException {@code UNSUPPORTED_MESSAGE_TYPE}, {@code INVALID_REQUEST} (also bad coordinates, contacts,
     *                       reactions, mentions, {@code typingMs}), {@code INVALID_POLL}, {@code INVALID_RECIPIENT} (a
     *                       mention that is no phone number), {@code MEDIA_REQUIRED}, {@code MEDIA_SOURCE_CONFLICT},
     *                       {@code MEDIA_TOO_LARGE}
     */
    static MessageDraft of(MessageFields fields, MediaResolver media) {
        MessageType type = MessageType.parse(fields.type());
        DraftOptions options = DraftOptions.of(type, fields);
        if (fields.linkPreview() != null && type != MessageType.TEXT) {
            throw WapiException.invalid("linkPreview applies to type text only");
        }
        return switch (type) {
            case TEXT -> TextDraft.of(fields, options);
            case IMAGE, VIDEO, DOCUMENT, AUDIO -> MediaDraft.of(type, fields, options, media);
            case STICKER -> StickerDraft.of(fields, options, media);
            case POLL -> PollDraft.of(fields, options);
            case LOCATION -> LocationDraft.of(fields, options);
            case CONTACT -> ContactDraft.of(fields, options);
            case REACTION -> ReactionDraft.of(fields, options);
        };
    }
}
