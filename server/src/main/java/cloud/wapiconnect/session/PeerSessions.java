package cloud.wapiconnect.session;

import cloud.wapiconnect.cluster.Owner;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.util.Optional;

/**
 * The live side of a session whose connection runs on another node, its owner (cluster mode: "any node
 * answers"). Implemented by the internal gRPC client (facade package {@code grpc.internal}); domain code sees
 * only this interface. Every method is one call to the owner, which serves it from its own live connection
 * and never forwards it again: when it is not the owner (any more) it answers {@code SESSION_MOVING}.
 *
 * <p>Failures the owner raises arrive as the same {@code WapiException} (code, message, details). An owner
 * that cannot be reached raises {@code SESSION_MOVING} (its sessions move once its lease lapses); one that
 * does not answer within the call's deadline raises {@code ENGINE_UNAVAILABLE}.
 */
public interface PeerSessions {

    /** The owner's live state of the session; empty when no connection of it is live there. */
    Optional<LiveState> state(Owner.Elsewhere owner, SessionKey key);

    /** The owner's connection: each of its methods is one call to the owner, with a deadline. */
    EngineConnection connection(Owner.Elsewhere owner, SessionKey key);

    /** The owner closes its connection, keeping the link, and records the disconnect. */
    void disconnect(Owner.Elsewhere owner, SessionKey key);

    /** The owner unlinks the device, closes its connection and records the logout. */
    void logout(Owner.Elsewhere owner, SessionKey key);
}
