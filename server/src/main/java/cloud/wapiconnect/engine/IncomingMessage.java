package cloud.wapiconnect.engine;

/**
 * A message someone sent to a session.
 *
 * @param id        WhatsApp message id
 * @param from      sender JID
 * @param body      text (or caption)
 * @param type      {@code text}, {@code image}, …
 * @param isGroup   written in a group chat
 * @param participant in a group: the JID of who wrote it; otherwise null
 * @param hasMedia  carries a media attachment
 * @param timestamp epoch milliseconds
 */
public record IncomingMessage(String id, String from, String body, String type, boolean isGroup,
                              String participant, boolean hasMedia, long timestamp) {
}
