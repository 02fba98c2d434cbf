package cloud.wapiconnect.engine;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
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
     * {@link #connect(SessionKey, Optional, EngineListener)} through the session's proxy, when it has one: the
     * connection to WhatsApp and the media it uploads and downloads go through it. A proxy that cannot be reached,
     * refuses, or does not answer within the connect timeout is reported as {@link DisconnectReason#PROXY_FAILED}
     * (never a hang); the engine keeps trying through it with its usual backoff. Engines that cannot use a proxy
     * keep this default.
     *
     * @throws EngineException {@code NOT_SUPPORTED_BY_ENGINE} when a proxy is given and the engine cannot use one
     */
    default EngineConnection connect(
            SessionKey session, Optional<byte[]> credentials, Optional<SessionProxy> proxy, EngineListener listener) {
        if (proxy.isPresent()) {
            throw new EngineException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "This engine cannot connect through a proxy");
        }
        return connect(session, credentials, listener);
    }

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
