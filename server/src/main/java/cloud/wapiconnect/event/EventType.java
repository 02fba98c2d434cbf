package cloud.wapiconnect.event;

/** Kinds of entries in the event log, named as webhooks and streams show them ({@link #wireName()}). */
public enum EventType {
    QR, AUTHENTICATED, READY, DISCONNECTED, MESSAGE, MESSAGE_STATUS, BULK_JOB,
    /** Someone voted on a poll a session sent. */
    POLL_VOTE,
    /** A webhook test, asked for by the tenant: delivered only to the endpoint it was asked for. */
    TEST;

    public String wireName() {
        return name().toLowerCase();
    }

    public static EventType fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
