package cloud.wapiconnect.message;

/** Whether a logged message was sent by a session or received by it. */
public enum Direction {
    OUTGOING,
    INCOMING;

    public String wireName() {
        return name().toLowerCase();
    }
}
