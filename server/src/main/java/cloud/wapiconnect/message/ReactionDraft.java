package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A reaction to a message of the chat; it quotes nothing.
 *
 * @param messageId the id of the message reacted to
 * @param emoji     the emoji, stripped; empty removes this session's reaction
 */
public record ReactionDraft(String messageId, String emoji, DraftOptions options) implements MessageDraft {
    private static final int MAX_EMOJI = 32;

    /** @throws WapiException {@code INVALID_REQUEST}: no message id, no emoji, or a {@code replyTo} */
    static ReactionDraft of(MessageFields f, DraftOptions options) {
        String reactTo = MessageTexts.optionalId("messageId", f.messageId());
        if (reactTo == null) {
            throw WapiException.invalid("messageId (the message to react to) is required for type reaction");
        }
        if (f.emoji() == null || f.emoji().length() > MAX_EMOJI) {
            throw WapiException.invalid("emoji is required for type reaction (empty removes the reaction)");
        }
        if (options.replyTo() != null) {
            throw WapiException.invalid("a reaction cannot quote a message (replyTo)");
        }
        return new ReactionDraft(reactTo, f.emoji().strip(), options);
    }

    @Override
    public MessageType type() {
        return MessageType.REACTION;
    }

    /** The reaction to {@code reactionTarget}: {@link #messageId} as the log knows it. */
    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.ReactionMessage(Objects.requireNonNull(reactionTarget), emoji);
    }
}
