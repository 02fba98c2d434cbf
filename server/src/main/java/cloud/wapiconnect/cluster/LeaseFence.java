package cloud.wapiconnect.cluster;

import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;

/**
 * Refuses a write made on a session's behalf (credentials, signal keys, a send's log entry) unless this
 * node still holds the session's lease at the generation the write carries: checked, and the lease row
 * locked, in the write's own transaction, so a node that lost the session (it was stopped longer than the
 * lease, or cut off from the database) cannot write after another node took it over.
 */
@ApplicationScoped
public class LeaseFence {
    private final ClusterNode node;
    private final ClusterRepository repository;

    @Inject
    public LeaseFence(ClusterNode node, ClusterRepository repository) {
        this.node = node;
        this.repository = repository;
    }

    /**
     * Joins the caller's transaction.
     *
     * @throws cloud.wapiconnect.error.WapiException {@code SESSION_MOVING} when the lease is not held here at
     *     {@code generation}
     */
    @Transactional
    public void require(SessionKey key, long generation) {
        if (node.heldHere(key).filter(g -> g == generation).isEmpty()
                || !repository.holds(key, node.nodeId(), generation)) {
            throw new Owner.Moving(Duration.ofSeconds(1)).toException();
        }
    }

    /**
     * For a write this node makes on behalf of a session another node runs ("any node answers": the log entry
     * of a send forwarded to its owner is written where the client's request arrived). Joins the caller's
     * transaction.
     *
     * @throws cloud.wapiconnect.error.WapiException {@code SESSION_MOVING} unless {@code nodeId} holds the lease at
     *     {@code generation}
     */
    @Transactional
    public void requireHeldBy(SessionKey key, String nodeId, long generation) {
        if (!repository.holds(key, nodeId, generation)) {
            throw new Owner.Moving(Duration.ofSeconds(1)).toException();
        }
    }

    /** {@link #require} at the generation this node holds now (for writers that do not carry one). */
    @Transactional
    public void requireHeld(SessionKey key) {
        require(key, node.heldHere(key).orElse(-1L));
    }
}
