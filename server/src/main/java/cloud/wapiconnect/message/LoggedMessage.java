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
 * @param editedAt    when its text was last changed (by the session through the API, or by the other side), epoch
 *                    ms; the body is the new text. Null if never
 * @param revokedAt   when it was deleted for everyone, epoch ms; the row keeps what it said. Null if never
 * @param peerLid     the other side's LID JID ({@code <digits>@lid}) when known: {@code fromLid} of incoming
 *                    messages, {@code toLid} of outgoing ones. {@code from}/{@code to} then hold the phone digits
 *                    when known, else this same LID JID. Null for groups and people known by number only
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
        MessageDetails details,
        Long editedAt,
        Long revokedAt,
        String peerLid) {
    public LoggedMessage {
        details = details == null ? MessageDetails.NONE : details;
    }

    /** The sender's LID JID (incoming messages), or null. */
    public String fromLid() {
        return direction == Direction.INCOMING ? peerLid : null;
    }

    /** The recipient's LID JID (outgoing messages), or null. */
    public String toLid() {
        return direction == Direction.OUTGOING ? peerLid : null;
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
