package cloud.wapiconnect.message;

import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.List;

/**
 * How a message goes out beyond its content.
 *
 * @param replyTo  the message it quotes, as the log knows it, or null
 * @param mentions JIDs it mentions
 * @param typingMs how long "typing…" shows first; 0 for not at all
 */
public record SendOptions(MessageRef replyTo, List<String> mentions, int typingMs) {
    public static final SendOptions NONE = new SendOptions(null, List.of(), 0);

    public SendOptions {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
