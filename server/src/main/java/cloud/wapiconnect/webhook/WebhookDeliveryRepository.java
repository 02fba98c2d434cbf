package cloud.wapiconnect.webhook;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.stats.DayRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The webhook outbox, in plain SQL. A lane is one endpoint and one session: its pending deliveries
 * go out one at a time in event order, and a worker holds (leases) the ones it is working on.
 */
@ApplicationScoped
@Transactional
class WebhookDeliveryRepository {
    public static final String PENDING = "pending";

    private final EntityManager em;

    @Inject
    WebhookDeliveryRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A lane whose first pending delivery is due and not held by a worker. */
    public record Lane(String endpointId, String sessionId) {}

    /** A due lane with whose it is and where it goes ({@code url} null when the endpoint is gone). */
    public record DueLane(Lane lane, String tenantId, String url) {}

    /**
     * A pending delivery a worker has claimed. {@code attempts}: calls started before this claim;
     * {@code heldMs}: how long it waited while its tenant was suspended (its retry window is longer by that).
     */
    public record Claimed(long id, long eventId, int attempts, long createdAt, long heldMs) {}

    /** The status index's pending range, read once (the outbox keeps that range short). */
    public WebhookBacklog backlog() {
        Object[] row = (Object[]) em.createNativeQuery(
                        "SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE status = 'pending'")
                .getSingleResult();
        return new WebhookBacklog(((Number) row[0]).longValue(), row[1] == null ? 0 : ((Number) row[1]).longValue());
    }

    public void insert(String endpointId, String tenantId, long eventId, String eventType, String sessionId, long now) {
        em.createNativeQuery(
                        "INSERT INTO webhook_deliveries (endpoint_id, tenant_id, event_id, event_type, session_id, "
                                + "status, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?6)")
                .setParameter(1, endpointId)
                .setParameter(2, tenantId)
                .setParameter(3, eventId)
                .setParameter(4, eventType)
                .setParameter(5, sessionId)
                .setParameter(6, now)
                .executeUpdate();
    }

    /**
     * Lanes with work due now, the longest-waiting first (so that no lane waits behind others for a
     * free slot); the group-by walks the lane index, one step per lane.
     */
    public List<DueLane> dueLanes(long now, int limit) {
        List<?> rows = em.createNativeQuery(
                        "SELECT d.endpoint_id, d.session_id, d.tenant_id, e.url FROM webhook_deliveries d "
                                + "JOIN (SELECT endpoint_id, session_id, MIN(event_id) AS event_id FROM webhook_deliveries "
                                + "WHERE status = 'pending' GROUP BY endpoint_id, session_id) h "
                                + "ON d.endpoint_id = h.endpoint_id AND d.event_id = h.event_id "
                                + "LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id "
                                + "WHERE d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until < ?1) ORDER BY h.event_id")
                .setParameter(1, now)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> {
                    Object[] c = (Object[]) r;
                    return new DueLane(new Lane((String) c[0], (String) c[1]), (String) c[2], (String) c[3]);
                })
                .toList();
    }

    /** Whether the tenant is suspended now (its deliveries are held, not sent). */
    public boolean tenantSuspended(String tenantId) {
        List<?> rows = em.createNativeQuery("SELECT suspended FROM tenants WHERE id = ?1")
                .setParameter(1, tenantId)
                .getResultList();
        return !rows.isEmpty() && Boolean.TRUE.equals(rows.getFirst());
    }

    /**
     * Holds a lane of a suspended tenant until {@code until}: its due deliveries wait without an attempt counted,
     * and the wait past their due time is added to {@code held_ms}, so that it does not use up their retry window.
     */
    public int hold(Lane lane, long now, long until, String reason) {
        return em.createNativeQuery("UPDATE webhook_deliveries SET held_ms = held_ms + (?1 - next_attempt_at), "
                        + "next_attempt_at = ?1, last_error = ?2 WHERE status = 'pending' AND endpoint_id = ?3 "
                        + "AND session_id = ?4 AND next_attempt_at <= ?5 AND (lease_until IS NULL OR lease_until < ?5)")
                .setParameter(1, until)
                .setParameter(2, truncate(reason))
                .setParameter(3, lane.endpointId())
                .setParameter(4, lane.sessionId())
                .setParameter(5, now)
                .executeUpdate();
    }

    /** Counts a call to the receiver as an attempt, before it is made: a crash during the call leaves it counted. */
    public void attemptStarted(long id) {
        em.createNativeQuery("UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE id = ?1")
                .setParameter(1, id)
                .executeUpdate();
    }

    /**
     * Claims up to {@code limit} deliveries from the front of a lane, in event order, stopping at the
     * first that is not due or is held: none when the lane's first delivery is not ours to send. The
     * rows stay locked until the caller's transaction ends, so two workers cannot claim the same lane.
     */
    public List<Claimed> claim(Lane lane, long now, int limit, long leaseUntil) {
        List<?> rows = em.createNativeQuery(
                        "SELECT id, event_id, attempts, created_at, next_attempt_at, lease_until, held_ms "
                                + "FROM webhook_deliveries WHERE status = 'pending' AND endpoint_id = ?1 AND session_id = ?2 "
                                + "ORDER BY event_id LIMIT " + limit + " FOR UPDATE")
                .setParameter(1, lane.endpointId())
                .setParameter(2, lane.sessionId())
                .getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            long nextAttempt = ((Number) c[4]).longValue();
            Long lease = c[5] == null ? null : ((Number) c[5]).longValue();
            if (nextAttempt > now || (lease != null && lease >= now)) {
                break;
            }
            claimed.add(new Claimed(
                    ((Number) c[0]).longValue(),
                    ((Number) c[1]).longValue(),
                    ((Number) c[2]).intValue(),
                    ((Number) c[3]).longValue(),
                    ((Number) c[6]).longValue()));
        }
        if (!claimed.isEmpty()) {
            lease(claimed.stream().map(Claimed::id).toList(), leaseUntil);
        }
        return claimed;
    }

    /** The lane's first pending delivery in event order, held or not. */
    public Optional<Claimed> front(Lane lane) {
        List<?> rows = em.createNativeQuery(
                        "SELECT id, event_id, attempts, created_at, held_ms FROM webhook_deliveries "
                                + "WHERE status = 'pending' AND endpoint_id = ?1 AND session_id = ?2 ORDER BY event_id")
                .setParameter(1, lane.endpointId())
                .setParameter(2, lane.sessionId())
                .setMaxResults(1)
                .getResultList();
        return rows.stream()
                .map(r -> {
                    Object[] c = (Object[]) r;
                    return new Claimed(
                            ((Number) c[0]).longValue(),
                            ((Number) c[1]).longValue(),
                            ((Number) c[2]).intValue(),
                            ((Number) c[3]).longValue(),
                            ((Number) c[4]).longValue());
                })
                .findFirst();
    }

    public void lease(List<Long> ids, Long leaseUntil) {
        em.createNativeQuery("UPDATE webhook_deliveries SET lease_until = ?1 WHERE id IN (?2)")
                .setParameter(1, leaseUntil)
                .setParameter(2, ids)
                .executeUpdate();
    }

    /** Records calls that went through; their attempts were counted when they started ({@link #attemptStarted}). */
    public void delivered(List<Long> ids, int httpStatus, long now) {
        em.createNativeQuery(
                        "UPDATE webhook_deliveries SET status = 'delivered', "
                                + "last_http_status = ?1, last_error = NULL, delivered_at = ?2, lease_until = NULL WHERE id IN (?3)")
                .setParameter(1, httpStatus)
                .setParameter(2, now)
                .setParameter(3, ids)
                .executeUpdate();
    }

    /**
     * Records a failed attempt: tried again at {@code nextAttemptAt}, or given up ({@code dead}) when that is null.
     * {@code countAttempt}: false when the attempt was a call, already counted when it started.
     */
    public void failed(long id, Integer httpStatus, String error, Long nextAttemptAt, boolean countAttempt) {
        em.createNativeQuery(
                        "UPDATE webhook_deliveries SET status = ?1, attempts = attempts + ?6, last_http_status = ?2, "
                                + "last_error = ?3, next_attempt_at = COALESCE(?4, next_attempt_at), lease_until = NULL WHERE id = ?5")
                .setParameter(1, nextAttemptAt == null ? "dead" : PENDING)
                .setParameter(2, httpStatus)
                .setParameter(3, truncate(error))
                .setParameter(4, nextAttemptAt)
                .setParameter(5, id)
                .setParameter(6, countAttempt ? 1 : 0)
                .executeUpdate();
    }

    /** Puts deliveries back without counting an attempt (the endpoint's circuit breaker is open). */
    public void postpone(List<Long> ids, long nextAttemptAt, String reason) {
        em.createNativeQuery(
                        "UPDATE webhook_deliveries SET next_attempt_at = ?1, last_error = ?2, lease_until = NULL WHERE id IN (?3)")
                .setParameter(1, nextAttemptAt)
                .setParameter(2, truncate(reason))
                .setParameter(3, ids)
                .executeUpdate();
    }

    /** Stops every pending delivery to an endpoint (deleted, or disabled by a 410). */
    public int cancelPending(String endpointId, String reason) {
        return em.createNativeQuery(
                        "UPDATE webhook_deliveries SET status = 'cancelled', last_error = ?1, lease_until = NULL "
                                + "WHERE endpoint_id = ?2 AND status = 'pending'")
                .setParameter(1, truncate(reason))
                .setParameter(2, endpointId)
                .executeUpdate();
    }

    /** Queues an event's deliveries of this tenant again, from now; returns how many. */
    public int redeliver(String tenantId, long eventId, Optional<String> endpointId, long now) {
        // Attempts start again (the backoff restarts from its first step); a hold of a worker that is
        // sending it right now stays, so it is not sent twice at once.
        return em.createNativeQuery("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?1, "
                        + "created_at = ?1, attempts = 0, held_ms = 0, delivered_at = NULL WHERE tenant_id = ?2 AND event_id = ?3 "
                        + "AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE tenant_id = ?2 AND disabled_reason IS NULL "
                        + "AND id = COALESCE(?4, id))")
                .setParameter(1, now)
                .setParameter(2, tenantId)
                .setParameter(3, eventId)
                .setParameter(4, endpointId.orElse(null))
                .executeUpdate();
    }

    public boolean exists(String tenantId, long eventId) {
        return !em.createNativeQuery("SELECT 1 FROM webhook_deliveries WHERE tenant_id = ?1 AND event_id = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, eventId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** A page of the delivery log, newest first. */
    public List<Delivery> page(
            String tenantId, Optional<String> status, Optional<String> endpointId, int offset, int limit) {
        Query query = em.createNativeQuery("SELECT event_id, event_type, session_id, endpoint_id, status, attempts, "
                        + "last_http_status, last_error, next_attempt_at, delivered_at, created_at FROM webhook_deliveries "
                        + where(status, endpointId) + " ORDER BY id DESC")
                .setFirstResult(offset)
                .setMaxResults(limit);
        bind(query, tenantId, status, endpointId);
        return ((List<?>) query.getResultList())
                .stream()
                        .map(r -> {
                            Object[] c = (Object[]) r;
                            String s = (String) c[4];
                            return new Delivery(
                                    ((Number) c[0]).longValue(),
                                    (String) c[1],
                                    (String) c[2],
                                    (String) c[3],
                                    s,
                                    ((Number) c[5]).intValue(),
                                    c[6] == null ? null : ((Number) c[6]).intValue(),
                                    (String) c[7],
                                    PENDING.equals(s) ? Long.valueOf(((Number) c[8]).longValue()) : null,
                                    c[9] == null ? null : ((Number) c[9]).longValue(),
                                    ((Number) c[10]).longValue());
                        })
                        .toList();
    }

    public long count(String tenantId, Optional<String> status, Optional<String> endpointId) {
        Query query = em.createNativeQuery("SELECT COUNT(*) FROM webhook_deliveries " + where(status, endpointId));
        bind(query, tenantId, status, endpointId);
        return ((Number) query.getSingleResult()).longValue();
    }

    private static String where(Optional<String> status, Optional<String> endpointId) {
        return "WHERE tenant_id = :t" + (status.isPresent() ? " AND status = :s" : "")
                + (endpointId.isPresent() ? " AND endpoint_id = :e" : "");
    }

    private static void bind(Query query, String tenantId, Optional<String> status, Optional<String> endpointId) {
        query.setParameter("t", tenantId);
        status.ifPresent(s -> query.setParameter("s", s));
        endpointId.ifPresent(e -> query.setParameter("e", e));
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    /**
     * Counts per day of {@code days} (an index from 0, delivered, pending, dead, cancelled), days without deliveries
     * left out: one grouped query on the tenant's rows of the range ({@code ix_webhook_deliveries_tenant_created}).
     */
    public List<long[]> dailyCounts(String tenantId, DayRange days) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT d, SUM(delivered), SUM(pending), SUM(dead), SUM(cancelled) FROM ("
                                + "SELECT FLOOR((created_at - ?1) / " + DayRange.DAY_MILLIS + ") AS d, "
                                + "CASE WHEN status = 'delivered' THEN 1 ELSE 0 END AS delivered, "
                                + "CASE WHEN status = 'pending' THEN 1 ELSE 0 END AS pending, "
                                + "CASE WHEN status = 'dead' THEN 1 ELSE 0 END AS dead, "
                                + "CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END AS cancelled "
                                + "FROM webhook_deliveries WHERE tenant_id = ?2 AND created_at >= ?1 AND created_at < ?3) t "
                                + "GROUP BY d")
                .setParameter(1, days.startMillis())
                .setParameter(2, tenantId)
                .setParameter(3, days.endMillis())
                .getResultList();
        return rows.stream()
                .map(r -> new long[] {
                    ((Number) r[0]).longValue(),
                    ((Number) r[1]).longValue(),
                    ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue()
                })
                .toList();
    }
}
