package cloud.wapiconnect.cluster;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * The tables {@code cluster_nodes} and {@code session_leases}. Every time compared here is the database's
 * ({@code CURRENT_TIMESTAMP(3)}), so the nodes' clocks never need to agree; each renewal or takeover is one
 * statement (a batch for all of a node's leases), never one per session.
 */
@ApplicationScoped
@Transactional
public class ClusterRepository {
    private static final String NOW = "CURRENT_TIMESTAMP(3)";

    private final EntityManager em;

    @Inject
    public ClusterRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A node as the others see it. */
    public record NodeRow(
            String nodeId,
            String address,
            String version,
            long startedAt,
            long heartbeatAgeMs,
            boolean draining,
            long sessionsHeld) {}

    /** A session's lease; {@code ownerNode} null when no node holds it. */
    public record LeaseRow(
            SessionKey key,
            String ownerNode,
            String ownerAddress,
            long generation,
            boolean ownerLive,
            boolean ownerDraining,
            long expiresInMs) {}

    /** A lease held by a node, and whether its session is still wanted online (false too when deleted). */
    /**
     * A lease a node holds. {@code movable}: rebalancing may hand it to another node, because the session is
     * either offline or ready; one that is linking (waiting for its QR scan or pairing code) stays, or the
     * phone's scan would reach a connection that is gone and the user would be shown a new QR.
     */
    public record HeldRow(SessionKey key, long generation, boolean wanted, boolean movable) {}

    /** A session wanted online that no live node holds; {@code generation} -1 when it has no lease row yet. */
    public record OrphanRow(SessionKey key, long generation) {}

    /** A session and its lease, if it has one ({@code ownerNode} null: no node runs it). */
    public record PlacementRow(
            SessionKey key, String status, boolean wanted, String ownerNode, long generation, long expiresInMs) {}

    public void register(String nodeId, String address, String version, long startedAt) {
        em.createNativeQuery("INSERT INTO cluster_nodes (node_id, address, version, started_at, heartbeat_at, draining)"
                        + " VALUES (?1, ?2, ?3, ?4, " + NOW
                        + ", FALSE) ON DUPLICATE KEY UPDATE address = VALUES(address),"
                        + " version = VALUES(version), started_at = VALUES(started_at), heartbeat_at = VALUES(heartbeat_at),"
                        + " draining = FALSE")
                .setParameter(1, nodeId)
                .setParameter(2, address)
                .setParameter(3, version)
                .setParameter(4, startedAt)
                .executeUpdate();
    }

    /**
     * The node's heartbeat and the renewal of every lease it holds, in one transaction.
     *
     * @return false when the node's row is gone (removed by an operator, or it stopped): it holds nothing
     */
    public boolean heartbeatAndRenew(String nodeId, long leaseMs) {
        int beat = em.createNativeQuery("UPDATE cluster_nodes SET heartbeat_at = " + NOW + " WHERE node_id = ?1")
                .setParameter(1, nodeId)
                .executeUpdate();
        if (beat == 0) {
            return false;
        }
        em.createNativeQuery("UPDATE session_leases SET expires_at = TIMESTAMPADD(MICROSECOND, ?2, " + NOW
                        + ") WHERE owner_node = ?1")
                .setParameter(1, nodeId)
                .setParameter(2, leaseMs * 1000)
                .executeUpdate();
        return true;
    }

    public void setDraining(String nodeId) {
        em.createNativeQuery("UPDATE cluster_nodes SET draining = TRUE WHERE node_id = ?1")
                .setParameter(1, nodeId)
                .executeUpdate();
    }

    public void removeNode(String nodeId) {
        em.createNativeQuery("DELETE FROM cluster_nodes WHERE node_id = ?1")
                .setParameter(1, nodeId)
                .executeUpdate();
    }

    public List<NodeRow> nodes() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT n.node_id, n.address, n.version, n.started_at,"
                        + " TIMESTAMPDIFF(MICROSECOND, n.heartbeat_at, " + NOW + "), n.draining,"
                        + " (SELECT COUNT(*) FROM session_leases l WHERE l.owner_node = n.node_id)"
                        + " FROM cluster_nodes n ORDER BY n.node_id")
                .getResultList();
        return rows.stream()
                .map(r -> new NodeRow(
                        (String) r[0],
                        (String) r[1],
                        (String) r[2],
                        ((Number) r[3]).longValue(),
                        Math.max(0, ((Number) r[4]).longValue() / 1000),
                        bool(r[5]),
                        ((Number) r[6]).longValue()))
                .toList();
    }

    /** Live (heartbeat within the lease), not draining nodes, with how many leases each holds. */
    public List<NodeRow> liveNodes(long leaseMs) {
        return nodes().stream()
                .filter(n -> n.heartbeatAgeMs() < leaseMs && !n.draining())
                .toList();
    }

    public List<HeldRow> held(String nodeId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT l.tenant_id, l.session_id, l.generation, s.wanted_online,"
                        + " s.status FROM session_leases l LEFT JOIN sessions s ON s.tenant_id = l.tenant_id"
                        + " AND s.session_id = l.session_id WHERE l.owner_node = ?1")
                .setParameter(1, nodeId)
                .getResultList();
        return rows.stream()
                .map(r -> new HeldRow(
                        new SessionKey((String) r[0], (String) r[1]),
                        ((Number) r[2]).longValue(),
                        bool(r[3]),
                        !bool(r[3]) || "ready".equals(r[4])))
                .toList();
    }

    /**
     * Sessions whose lease no live node holds: none yet, released, expired, or held by a node that is dead
     * (no heartbeat within the lease, or gone) or draining. Every session gets an owner; only the owner of a
     * session wanted online connects it.
     */
    public List<OrphanRow> orphans(long leaseMs, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.tenant_id, s.session_id, l.generation FROM sessions s"
                        + " LEFT JOIN session_leases l ON l.tenant_id = s.tenant_id AND l.session_id = s.session_id"
                        + " LEFT JOIN cluster_nodes n ON n.node_id = l.owner_node"
                        + " WHERE (l.owner_node IS NULL OR n.node_id IS NULL"
                        + " OR l.expires_at < " + NOW + " OR n.draining = TRUE"
                        + " OR n.heartbeat_at < TIMESTAMPADD(MICROSECOND, ?1, " + NOW + "))"
                        + " ORDER BY s.tenant_id, s.session_id")
                .setParameter(1, -leaseMs * 1000)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> new OrphanRow(
                        new SessionKey((String) r[0], (String) r[1]), r[2] == null ? -1 : ((Number) r[2]).longValue()))
                .toList();
    }

    /**
     * Gives the session to {@code node} if its lease is still at {@code generation} (-1: no row yet), with
     * the generation raised by one.
     *
     * @return the new generation, or empty when another node changed the lease first
     */
    public Optional<Long> assign(SessionKey key, long generation, String node, long leaseMs) {
        if (generation < 0) {
            int inserted = em.createNativeQuery("INSERT INTO session_leases (tenant_id, session_id, owner_node,"
                            + " expires_at, generation) SELECT ?1, ?2, ?3, TIMESTAMPADD(MICROSECOND, ?4, " + NOW
                            + "), 1 FROM cluster_nodes WHERE node_id = ?3 AND NOT EXISTS (SELECT 1 FROM session_leases"
                            + " WHERE tenant_id = ?1 AND session_id = ?2)")
                    .setParameter(1, key.tenantId())
                    .setParameter(2, key.sessionId())
                    .setParameter(3, node)
                    .setParameter(4, leaseMs * 1000)
                    .executeUpdate();
            return inserted == 1 ? Optional.of(1L) : Optional.empty();
        }
        int updated = em.createNativeQuery("UPDATE session_leases SET owner_node = ?3, generation = generation + 1,"
                        + " expires_at = TIMESTAMPADD(MICROSECOND, ?4, " + NOW + ") WHERE tenant_id = ?1"
                        + " AND session_id = ?2 AND generation = ?5")
                .setParameter(1, key.tenantId())
                .setParameter(2, key.sessionId())
                .setParameter(3, node)
                .setParameter(4, leaseMs * 1000)
                .setParameter(5, generation)
                .executeUpdate();
        return updated == 1 ? Optional.of(generation + 1) : Optional.empty();
    }

    /** Gives up a lease this node holds (no owner until placed again); false if it no longer held it. */
    public boolean release(SessionKey key, String nodeId) {
        return em.createNativeQuery("UPDATE session_leases SET owner_node = NULL, expires_at = NULL"
                                + " WHERE tenant_id = ?1 AND session_id = ?2 AND owner_node = ?3")
                        .setParameter(1, key.tenantId())
                        .setParameter(2, key.sessionId())
                        .setParameter(3, nodeId)
                        .executeUpdate()
                == 1;
    }

    /** Gives up every lease the node holds, in one statement. */
    public int releaseAll(String nodeId) {
        return em.createNativeQuery(
                        "UPDATE session_leases SET owner_node = NULL, expires_at = NULL WHERE owner_node = ?1")
                .setParameter(1, nodeId)
                .executeUpdate();
    }

    /** Forgets the leases of sessions that no longer exist. */
    public int forgetDeleted() {
        return em.createNativeQuery("DELETE FROM session_leases WHERE NOT EXISTS (SELECT 1 FROM sessions s"
                        + " WHERE s.tenant_id = session_leases.tenant_id AND s.session_id = session_leases.session_id)")
                .executeUpdate();
    }

    public Optional<LeaseRow> lease(SessionKey key, long leaseMs) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT l.owner_node, n.address, l.generation,"
                        + " CASE WHEN n.heartbeat_at >= TIMESTAMPADD(MICROSECOND, ?3, " + NOW
                        + ") THEN 1 ELSE 0 END, n.draining, TIMESTAMPDIFF(MICROSECOND, " + NOW + ", l.expires_at)"
                        + " FROM session_leases l LEFT JOIN cluster_nodes n ON n.node_id = l.owner_node"
                        + " WHERE l.tenant_id = ?1 AND l.session_id = ?2")
                .setParameter(1, key.tenantId())
                .setParameter(2, key.sessionId())
                .setParameter(3, -leaseMs * 1000)
                .getResultList();
        return rows.stream()
                .findFirst()
                .map(r -> new LeaseRow(
                        key,
                        (String) r[0],
                        (String) r[1],
                        ((Number) r[2]).longValue(),
                        r[3] != null && ((Number) r[3]).intValue() == 1,
                        bool(r[4]),
                        r[5] == null ? 0 : ((Number) r[5]).longValue() / 1000));
    }

    /**
     * Whether {@code nodeId} holds the session's lease at {@code generation}, unexpired, locking the lease
     * row until the caller's transaction ends: a takeover cannot commit between this check and the write it
     * guards.
     */
    public boolean holds(SessionKey key, String nodeId, long generation) {
        return !em.createNativeQuery("SELECT generation FROM session_leases WHERE tenant_id = ?1 AND session_id = ?2"
                        + " AND owner_node = ?3 AND generation = ?4 AND expires_at > " + NOW + " FOR UPDATE")
                .setParameter(1, key.tenantId())
                .setParameter(2, key.sessionId())
                .setParameter(3, nodeId)
                .setParameter(4, generation)
                .getResultList()
                .isEmpty();
    }

    public long countSessions(String tenantId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM sessions WHERE ?1 IS NULL OR tenant_id = ?1")
                        .setParameter(1, tenantId)
                        .getSingleResult())
                .longValue();
    }

    /** Sessions (of one tenant, or all when {@code tenantId} is null) in key order, with their leases. */
    public List<PlacementRow> placements(String tenantId, int firstResult, int maxResults) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.tenant_id, s.session_id, s.status, s.wanted_online,"
                        + " l.owner_node, l.generation, TIMESTAMPDIFF(MICROSECOND, " + NOW + ", l.expires_at)"
                        + " FROM sessions s LEFT JOIN session_leases l ON l.tenant_id = s.tenant_id"
                        + " AND l.session_id = s.session_id WHERE ?1 IS NULL OR s.tenant_id = ?1"
                        + " ORDER BY s.tenant_id, s.session_id")
                .setParameter(1, tenantId)
                .setFirstResult(firstResult)
                .setMaxResults(maxResults)
                .getResultList();
        return rows.stream()
                .map(r -> new PlacementRow(
                        new SessionKey((String) r[0], (String) r[1]),
                        (String) r[2],
                        bool(r[3]),
                        (String) r[4],
                        r[5] == null ? 0 : ((Number) r[5]).longValue(),
                        r[6] == null ? 0 : Math.max(0, ((Number) r[6]).longValue() / 1000)))
                .toList();
    }

    public boolean exists(SessionKey key) {
        return !em.createNativeQuery("SELECT 1 FROM sessions WHERE tenant_id = ?1 AND session_id = ?2")
                .setParameter(1, key.tenantId())
                .setParameter(2, key.sessionId())
                .getResultList()
                .isEmpty();
    }

    /** Whether the session exists and is wanted online. */
    public boolean wanted(SessionKey key) {
        List<?> rows = em.createNativeQuery(
                        "SELECT wanted_online FROM sessions WHERE tenant_id = ?1 AND session_id = ?2")
                .setParameter(1, key.tenantId())
                .setParameter(2, key.sessionId())
                .getResultList();
        return !rows.isEmpty() && bool(rows.get(0));
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
    }
}
