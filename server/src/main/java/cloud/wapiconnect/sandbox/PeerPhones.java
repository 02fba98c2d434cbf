package cloud.wapiconnect.sandbox;

import cloud.wapiconnect.cluster.Owner;
import cloud.wapiconnect.whatsapp.SessionKey;

/**
 * The simulated phone of a session whose connection runs on another node (cluster mode): the owner applies
 * the action to its phone ({@link SandboxService#applyHere}). Implemented by the internal gRPC client.
 */
public interface PeerPhones {
    /**
     * @param action        a {@link PhoneAction}'s simple class name
     * @param argumentsJson the action as JSON
     * @return what the action returns (a message id, a group JID), or null
     * @throws cloud.wapiconnect.error.WapiException the owner's failure, or {@code SESSION_MOVING}
     */
    String apply(Owner.Elsewhere owner, SessionKey key, String action, String argumentsJson);
}
