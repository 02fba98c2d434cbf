package cloud.wapiconnect.cluster;

import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers which node runs a session's live connection. Each session is live on exactly one node: the one
 * holding its lease ({@link ClusterNode}).
 */
@ApplicationScoped
public class SessionOwnership {
    private final ClusterNode node;
    private final ClusterRepository repository;

    @Inject
    public SessionOwnership(ClusterNode node, ClusterRepository repository) {
        this.node = node;
        this.repository = repository;
    }

    /**
     * The session's owner now. A node alone in its cluster owns every session it runs.
     *
     * @return {@link Owner.Here} when this node holds the lease, {@link Owner.Elsewhere} when a live peer does,
     *     {@link Owner.Moving} while it is handed over, {@link Owner.Nobody} when no node holds it
     */
    public Owner ownerOf(SessionKey key) {
        Optional<Long> here = node.heldHere(key);
        if (here.isPresent()) {
            return new Owner.Here(here.get());
        }
        long leaseMs = node.config().lease().toMillis();
        Optional<ClusterRepository.LeaseRow> lease = repository.lease(key, leaseMs);
        if (lease.isEmpty()) {
            return new Owner.Nobody();
        }
        ClusterRepository.LeaseRow row = lease.get();
        if (row.ownerNode() == null) {
            return repository.wanted(key) ? new Owner.Moving(Duration.ofSeconds(1)) : new Owner.Nobody();
        }
        if (row.ownerNode().equals(node.nodeId())) {
            // Placed here, connection not started yet (the next tick), or this node is fenced.
            return new Owner.Moving(Duration.ofSeconds(1));
        }
        if (row.ownerLive() && !row.ownerDraining() && row.expiresInMs() > 0) {
            return new Owner.Elsewhere(row.ownerNode(), row.ownerAddress(), row.generation());
        }
        // Its owner died or drains: the lease lapses (or was released) and a live node takes it over.
        return new Owner.Moving(Duration.ofMillis(Math.max(1000, row.expiresInMs())));
    }
}
