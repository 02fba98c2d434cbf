package cloud.wapiconnect.event;

/** Kinds of entries in the event log, named as webhooks and streams show them ({@link #wireName()}). */
public enum EventType {
    QR,
    AUTHENTICATED,
    READY,
    DISCONNECTED,
    MESSAGE,
    MESSAGE_STATUS,
    BULK_JOB,
    /** Someone changed the text of a message they had sent to a session. */
    MESSAGE_EDITED,
    /** Someone deleted for everyone a message they had sent to a session. */
    MESSAGE_REVOKED,
    /** Someone voted on a poll a session sent. */
    POLL_VOTE,
    /** What WhatsApp allows the session's number to send changed (reach-out timelock, new-chat capping). */
    SESSION_LIMITS,
    /** A webhook test, asked for by the tenant: delivered only to the endpoint it was asked for. */
    TEST,
    // Groups (see group.GroupEventLog for their data).
    /** The session's number was added to a group, or created one. */
    GROUP_JOIN,
    /** The session's number left a group or was removed from it. */
    GROUP_LEAVE,
    /** Participants of a group were added, removed, promoted or demoted. */
    GROUP_PARTICIPANTS,
    /** A group's subject or description changed. */
    GROUP_UPDATE;

    public String wireName() {
        return name().toLowerCase();
    }

    public static EventType fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
