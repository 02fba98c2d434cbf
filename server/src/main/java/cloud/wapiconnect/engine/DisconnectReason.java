package cloud.wapiconnect.engine;

import java.util.Optional;

/** Why a connection ended, named as clients see it ({@link #wireName()}). */
public enum DisconnectReason {
    /** The network dropped; the engine reconnects by itself. */
    CONNECTION_LOST(true),
    /** The phone unlinked this device: a new QR scan is needed. */
    LOGGED_OUT(false),
    /** Nobody scanned any of the QR codes in time. */
    QR_TIMEOUT(false),
    /**
     * Another connection for the same linked device opened (another client or server with these
     * credentials; WhatsApp keeps one): this one stops and does not reconnect by itself, since two would
     * take the link from each other for ever. The link stays: connecting again takes it back.
     */
    REPLACED(false),
    /** WhatsApp banned the number. */
    BANNED(false),
    /** Closed on request (disconnect, shutdown). */
    CLOSED(false);

    private final boolean reconnects;

    DisconnectReason(boolean reconnects) {
        this.reconnects = reconnects;
    }

    public boolean reconnects() {
        return reconnects;
    }

    /** Whether the stored credentials are worthless after this ({@code replaced} keeps them: they still work). */
    public boolean unlinks() {
        return this == LOGGED_OUT || this == BANNED;
    }

    public static java.util.Optional<DisconnectReason> fromWire(String value) {
        for (DisconnectReason reason : values()) {
            if (reason.wireName().equals(value)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase();
    }
}
