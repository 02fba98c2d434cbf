package cloud.wapiconnect.engine;

/**
 * A message ready for the network. The id is chosen by the gateway before sending so that acks can
 * never arrive for a message the log does not know yet.
 *
 * @param id  WhatsApp message id
 * @param jid recipient JID ({@code <digits>@s.whatsapp.net} or {@code <id>@g.us})
 */
public record OutgoingMessage(String id, String jid, OutgoingContent content) {
}
