package cloud.wapiconnect.session;

/** Whether a session can send now, may be able to later, or will not until its owner acts. */
public enum Availability {
    READY,
    /** Connected, but WhatsApp's reach-out timelock refuses sends until it ends or WhatsApp lifts it. */
    WHATSAPP_LIMIT,
    /** Connecting, reconnecting or disconnected: it can come back. */
    WAITING,
    /** Unlinked from the phone (or by WhatsApp): only a new QR scan brings it back. */
    LOGGED_OUT,
    /** Deleted. */
    GONE
}
