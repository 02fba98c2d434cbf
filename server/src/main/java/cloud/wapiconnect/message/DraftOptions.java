package cloud.wapiconnect.message;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How a drafted message goes out beyond its content, as checked from the request; {@link SendOptions} is the same
 * once the quoted message is found in the log.
 *
 * @param replyTo  the id of the message to quote, or null
 * @param mentions JIDs to mention (text and captions), in order and without repeats
 * @param typingMs how long to show "typing…" before sending, 0 for not at all
 */
public record DraftOptions(String replyTo, List<String> mentions, int typingMs) {
    /** Nothing quoted or mentioned, no "typing…". */
    public static final DraftOptions NONE = new DraftOptions(null, List.of(), 0);

    private static final int MAX_MENTIONS = 256;

    public DraftOptions {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /**
     * The options of a message of {@code type}, in the order they are checked.
     *
     * @throws WapiException {@code INVALID_REQUEST} ({@code typingMs} out of range, a bad {@code replyTo}, mentions
     *                       on a type without text, too many), {@code INVALID_RECIPIENT} (a mention that is no person)
     */
    static DraftOptions of(MessageType type, MessageFields f) {
        int typingMs = f.typingMs() == null ? 0 : f.typingMs();
        if (typingMs < 0 || typingMs > MessageTexts.MAX_TYPING_MS) {
            throw WapiException.invalid("typingMs must be between 0 and " + MessageTexts.MAX_TYPING_MS);
        }
        String replyTo = MessageTexts.optionalId("replyTo", f.replyTo());
        return new DraftOptions(replyTo, mentions(type, f.mentions()), typingMs);
    }

    /** Mentioned users as JIDs, in order and without repeats. */
    private static List<String> mentions(MessageType type, List<String> mentions) {
        if (mentions == null || mentions.isEmpty()) {
            return List.of();
        }
        if (!type.takesMentions()) {
            throw WapiException.invalid(
                    "mentions apply to text and to captions (image, video, document), not to " + type.wireName());
        }
        if (mentions.size() > MAX_MENTIONS) {
            throw WapiException.invalid("at most " + MAX_MENTIONS + " mentions");
        }
        Set<String> jids = new LinkedHashSet<>();
        for (String mention : mentions) {
            Recipient recipient = Recipient.parse(mention);
            if (!recipient.jid().endsWith(Recipient.USER_SUFFIX)) {
                throw new WapiException(ErrorCode.INVALID_RECIPIENT, "mentions must be people, not groups: " + mention);
            }
            jids.add(recipient.jid());
        }
        return List.copyOf(jids);
    }
}
