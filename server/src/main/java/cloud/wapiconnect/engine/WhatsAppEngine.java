package cloud.wapiconnect.engine;

import cloud.wapiconnect.whatsapp.SessionKey;
import java.util.Optional;

/**
 * A way of reaching WhatsApp. One engine serves every session of this node; each linked number is
 * an {@link EngineConnection}. The service layer never sees how an engine talks to the network.
 */
public interface WhatsAppEngine {

    /** Name shown to operators, e.g. {@code sandbox}. */
    String name();

    /**
     * Gets ready before the first session connects (the whatsapp engine starts its bridge). Called once at
     * start-up, before linked sessions are restored.
     *
     * @throws IllegalStateException when the engine cannot work at all; the message names the setting to fix
     */
    default void start() {}

    /**
     * Opens a connection for one session. Without credentials the engine starts a new link and
     * reports QR codes; with the credentials it persisted earlier it restores the link without a QR.
     * Everything that happens afterwards is reported to {@code listener}, never on the caller's thread
     * for long-running work.
     */
    EngineConnection connect(SessionKey session, Optional<byte[]> credentials, EngineListener listener);

    /**
     * Stops the engine's own work when the server stops, after every connection was closed and before the
     * database closes: callbacks under way finish, none starts afterwards (the sandbox's pending acks are
     * dropped, as a crash would drop them). Called once.
     */
    default void stop() {}

    /**
     * Whether the engine knows for certain that a message it was handed before a crash reached
     * WhatsApp. Engines that cannot tell answer false, and the message is reported as interrupted.
     */
    default boolean confirmsSent(SessionKey session, String messageId) {
        return false;
    }
}
