package cloud.wapiconnect.session;

/** Lifecycle of a session as the API document names it ({@link #wireName()}). */
public enum SessionStatus {
    INITIALIZING,
    QR_READY,
    AUTHENTICATED,
    READY,
    DISCONNECTED;

    public String wireName() {
        return name().toLowerCase();
    }

    public static SessionStatus fromWire(String value) {
        return valueOf(value.toUpperCase());
    }
}
