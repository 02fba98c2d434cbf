package cloud.wapiconnect.cluster;

import cloud.wapiconnect.whatsapp.SessionKey;
import java.util.Set;

/** What the lease keeper asks of the node's live connections (the session layer implements it). */
public interface LocalSessions {
    /**
     * Starts the session's connection here under a lease just gained or held without a connection.
     *
     * @return false when the session should not run (deleted, not wanted online): it stays held here, unconnected
     */
    boolean start(SessionKey key, long generation);

    /** Closes the session's connection here without changing its stored state: another node runs it now. */
    void stop(SessionKey key);

    /** The sessions with a connection (or one starting) on this node. */
    Set<SessionKey> running();
}
