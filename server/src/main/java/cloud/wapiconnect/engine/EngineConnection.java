package cloud.wapiconnect.engine;

/** One live link between a session and WhatsApp. Methods may block on network I/O: never call them in a transaction. */
public interface EngineConnection {

    /**
     * Sends a message and returns once the network accepted it.
     *
     * @throws EngineException {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    void send(OutgoingMessage message);

    /** Closes the connection and keeps the link: a later {@code connect} with the credentials restores it. */
    void close();

    /** Unlinks the device from the phone and closes the connection; the credentials become useless. */
    void logout();
}
