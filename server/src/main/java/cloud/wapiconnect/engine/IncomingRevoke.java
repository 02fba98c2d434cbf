package cloud.wapiconnect.engine;

/**
 * Someone deleted for everyone a message they had sent to a session.
 *
 * @param messageId   the id of the message they deleted (as its {@code message} event had it)
 * @param from        the chat: the sender's JID, or the group's
 * @param participant in a group: the JID of who wrote it; otherwise null
 * @param timestamp   when it was deleted, epoch milliseconds
 */
public record IncomingRevoke(String messageId, String from, String participant, long timestamp) {}
