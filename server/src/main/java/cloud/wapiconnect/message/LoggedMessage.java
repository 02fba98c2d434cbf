package cloud.wapiconnect.message;

/**
 * One entry of the message log.
 *
 * @param to          recipient as clients wrote it (digits, or a group JID)
 * @param from        sender (the session's number for outgoing messages)
 * @param body        the text, caption or poll question
 * @param createdAt   epoch milliseconds
 * @param media       what media the message carried (never the bytes), or null
 * @param participant incoming group messages: the JID of who wrote it; otherwise null
 * @param details     location, contacts, reaction, quoted message, mentions
 */
public record LoggedMessage(
        String tenantId,
        String sessionId,
        String messageId,
        Direction direction,
        String type,
        String to,
        String from,
        String body,
        MessageStatus status,
        long createdAt,
        MediaInfo media,
        String participant,
        MessageDetails details) {
    public LoggedMessage {
        details = details == null ? MessageDetails.NONE : details;
    }

    public LoggedMessage(
            String tenantId,
            String sessionId,
            String messageId,
            Direction direction,
            String type,
            String to,
            String from,
            String body,
            MessageStatus status,
            long createdAt,
            MediaInfo media) {
        this(
                tenantId,
                sessionId,
                messageId,
                direction,
                type,
                to,
                from,
                body,
                status,
                createdAt,
                media,
                null,
                MessageDetails.NONE);
    }
}
