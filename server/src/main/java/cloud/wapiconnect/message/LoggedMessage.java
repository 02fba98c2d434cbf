package cloud.wapiconnect.message;

/**
 * One entry of the message log.
 *
 * @param to        recipient as clients wrote it (digits, or a group JID)
 * @param from      sender (the session's number for outgoing messages)
 * @param createdAt epoch milliseconds
 */
public record LoggedMessage(String tenantId, String sessionId, String messageId, Direction direction, String type,
                            String to, String from, String body, MessageStatus status, long createdAt) {
}
