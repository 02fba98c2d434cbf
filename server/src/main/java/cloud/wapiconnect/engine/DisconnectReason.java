package cloud.wapiconnect.engine;

import java.util.Optional;

/** Why a connection ended, named as clients see it ({@link #wireName()}). */
public enum DisconnectReason {
    /** The network dropped; the engine reconnects by itself. */
    CONNECTION_LOST(true),
    /**
     * The connection looked open but nothing came through it (no frame, no keep-alive answer) for
     * {@code WAPI_ENGINE_STALE_MS}: the engine's watchdog closed it and reconnects by itself.
     */
    STALE(true),
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
    /**
     * WhatsApp refused this client's WhatsApp Web version (its 405): reconnecting with it would be refused again.
     * The link stays; set {@code WAPI_WA_VERSION} (or let the bridge fetch the current one), restart, and create the
     * session again.
     */
    CLIENT_OUTDATED(false),
    /**
     * The session's proxy could not be reached, refused the connection or its credentials, or did not answer in
     * time: the engine keeps trying through it (with its backoff; reported once per outage) until it works or the
     * session's proxy is changed.
     */
    PROXY_FAILED(true),
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
