package cloud.wapiconnect.engine;

import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.List;

/**
 * A message ready for the network. The id is chosen by the gateway before sending so that acks can
 * never arrive for a message the log does not know yet.
 *
 * @param id       WhatsApp message id
 * @param jid      recipient JID ({@code <digits>@s.whatsapp.net} or {@code <id>@g.us})
 * @param replyTo  the message this one quotes, or null
 * @param mentions JIDs mentioned in the text or caption (each also written as {@code @<number>} in it)
 */
public record OutgoingMessage(
        String id, String jid, OutgoingContent content, MessageRef replyTo, List<String> mentions) {
    public OutgoingMessage {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A message that quotes nothing and mentions nobody. */
    public OutgoingMessage(String id, String jid, OutgoingContent content) {
        this(id, jid, content, null, List.of());
    }
}
