package cloud.wapiconnect.engine;

/**
 * Someone changed the text of a message they had sent to a session.
 *
 * @param messageId   the id of the message they changed (as its {@code message} event had it)
 * @param from        the chat: the sender's JID, or the group's
 * @param participant in a group: the JID of who wrote it; otherwise null
 * @param body        the new text (or caption)
 * @param timestamp   when it was changed, epoch milliseconds
 */
public record IncomingEdit(String messageId, String from, String participant, String body, long timestamp) {}
