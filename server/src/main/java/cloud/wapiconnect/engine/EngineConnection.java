package cloud.wapiconnect.engine;

import java.util.Optional;

/** One live link between a session and WhatsApp. Methods may block on network I/O: never call them in a transaction. */
public interface EngineConnection {

    /**
     * Sends a message and returns once the network accepted it.
     *
     * @throws EngineException {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    void send(OutgoingMessage message);

    /**
     * Asks for a code the phone's owner types instead of scanning the QR code; only while the
     * connection waits to be linked.
     *
     * @param phoneNumber digits with the country code
     * @return the code as WhatsApp shows it, e.g. {@code ABCD-EFGH}
     * @throws EngineException {@code SESSION_ALREADY_LINKED}, {@code SESSION_NOT_READY} (not waiting to be linked,
     *                         or not in touch with WhatsApp yet) or {@code ENGINE_UNAVAILABLE}
     */
    String requestPairingCode(String phoneNumber);

    /**
     * The media of a message this connection received, fetched again from WhatsApp. Engines keep what a
     * download needs for recent incoming messages only (the whatsapp engine: {@code WAPI_BRIDGE_MEDIA_RETENTION_DAYS},
     * across restarts; the sandbox: its bounded store).
     *
     * @return empty when the message is unknown, has no media, or is no longer kept
     * @throws EngineException {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    Optional<IncomingMedia> downloadMedia(String messageId);

    /** Closes the connection and keeps the link: a later {@code connect} with the credentials restores it. */
    void close();

    /** Unlinks the device from the phone and closes the connection; the credentials become useless. */
    void logout();
}
