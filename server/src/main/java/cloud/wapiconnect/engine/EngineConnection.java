package cloud.wapiconnect.engine;

import cloud.wapiconnect.error.ErrorCode;
import java.util.List;
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

    /**
     * Shows a presence: {@code typing}, {@code recording} or {@code paused} to one chat, {@code available} or
     * {@code unavailable} to everyone (then {@code jid} is null). Engines that cannot: the default.
     *
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void sendPresence(String jid, PresenceState state) {
        throw notSupported("presence");
    }

    /**
     * Marks messages of one chat as read (blue ticks for their senders).
     *
     * @param chatJid  the chat
     * @param messages the messages, as received (in groups each with its participant when known)
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE}, {@code SESSION_NOT_READY} or {@code ENGINE_UNAVAILABLE}
     */
    default void markRead(String chatJid, List<MessageRef> messages) {
        throw notSupported("marking messages read");
    }

    /** What an engine answers for a feature (a message type, presence, …) it does not have. */
    static EngineException notSupported(String feature) {
        return new EngineException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "This session's engine does not support " + feature);
    }

    /** Closes the connection and keeps the link: a later {@code connect} with the credentials restores it. */
    void close();

    /** Unlinks the device from the phone and closes the connection; the credentials become useless. */
    void logout();
}
