package cloud.wapiconnect.cluster;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** The operator's view of the cluster: its nodes, and moving a session by hand. */
@ApplicationScoped
public class ClusterAdmin {
    private final ClusterNode node;
    private final ClusterRepository repository;

    /**
     * @param live whether its heartbeat is within the lease
     */
    public record NodeView(
            String nodeId,
            String address,
            String version,
            long startedAt,
            long heartbeatAgeMs,
            boolean live,
            boolean draining,
            long sessionsHeld) {}

    @Inject
    public ClusterAdmin(ClusterNode node, ClusterRepository repository) {
        this.node = node;
        this.repository = repository;
    }

    public List<NodeView> nodes() {
        long lease = node.config().lease().toMillis();
        return repository.nodes().stream()
                .map(n -> new NodeView(
                        n.nodeId(),
                        n.address(),
                        n.version(),
                        n.startedAt(),
                        n.heartbeatAgeMs(),
                        n.heartbeatAgeMs() < lease,
                        n.draining(),
                        n.sessionsHeld()))
                .toList();
    }

    /**
     * Where each session runs: its owner node and lease generation (none while no node runs it, e.g. a
     * session that is not online), in tenant and session order.
     */
    public Page<ClusterRepository.PlacementRow> sessions(Optional<String> tenantId, PageRequest request) {
        long total = repository.countSessions(tenantId.orElse(null));
        List<ClusterRepository.PlacementRow> rows = request.pastEnd(total)
                ? List.of()
                : repository.placements(tenantId.orElse(null), request.firstResult(), request.limit());
        return new Page<>(rows, total, request.page(), request.limit());
    }

    /**
     * Moves a session's live connection to {@code nodeId}: its current owner closes it at once (or at its
     * next lease tick), the target connects it from the stored credentials at its next tick.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code NOT_FOUND} (no such node),
     *     {@code NODE_NOT_LIVE} (the node is dead or draining), {@code SESSION_NOT_READY} (not online),
     *     {@code SESSION_MOVING} (its lease changed meanwhile: try again)
     */
    public void move(String tenantId, String sessionId, String nodeId) {
        SessionKey key = new SessionKey(String.valueOf(tenantId), String.valueOf(sessionId));
        if (!repository.exists(key)) {
            throw new WapiException(ErrorCode.SESSION_NOT_FOUND, "Session '" + sessionId + "' not found");
        }
        if (nodeId == null || nodeId.isBlank()) {
            throw WapiException.invalidField("node", "node (the target node's id) is required");
        }
        NodeView target = nodes().stream()
                .filter(n -> n.nodeId().equals(nodeId))
                .findFirst()
                .orElseThrow(() -> new WapiException(ErrorCode.NOT_FOUND, "No node '" + nodeId + "'"));
        if (!target.live() || target.draining()) {
            throw new WapiException(
                    ErrorCode.NODE_NOT_LIVE, "Node '" + nodeId + "' is " + (target.live() ? "draining" : "not live"));
        }
        if (!repository.wanted(key)) {
            throw new WapiException(
                    ErrorCode.SESSION_NOT_READY, "Session '" + sessionId + "' is not online: connect it first");
        }
        if (!node.move(key, nodeId)) {
            throw new Owner.Moving(java.time.Duration.ofSeconds(1)).toException();
        }
    }
}
