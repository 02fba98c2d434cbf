package cloud.wapiconnect.event;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
@Transactional
class EventRepository {
    private final EntityManager em;

    @Inject
    EventRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A stored event with its payload still as JSON. */
    public record Row(long id, String tenantId, String sessionId, String type, String payload, long createdAt) {}

    /**
     * Takes the next event id from the counter row. The row stays locked until this transaction ends, so event
     * ids commit in the order they are taken and a rolled-back id is taken again: readers never see a hole that
     * a later commit fills, whichever node (and whatever {@code auto_increment_increment}) wrote the event.
     * Everything the transaction has written so far is flushed first, so the lock is held only from here on.
     */
    public long nextId() {
        em.createNativeQuery("UPDATE event_id_counter SET last_id = last_id + 1 WHERE id = 1")
                .executeUpdate();
        return lastId();
    }

    /** The highest id handed out (committed, or taken by this transaction). */
    public long lastId() {
        return ((Number) em.createNativeQuery("SELECT last_id FROM event_id_counter WHERE id = 1")
                        .getSingleResult())
                .longValue();
    }

    public void insert(long id, String tenantId, String sessionId, String type, String payload, long createdAt) {
        em.createNativeQuery("INSERT INTO events (id, tenant_id, session_id, type, payload, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, id)
                .setParameter(2, tenantId)
                .setParameter(3, sessionId)
                .setParameter(4, type)
                .setParameter(5, payload)
                .setParameter(6, createdAt)
                .executeUpdate();
    }

    /** The highest id in the log, or 0. */
    public long maxId() {
        Long max = em.createQuery("select max(e.id) from EventEntity e", Long.class)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** Makes the next event id {@code next}. */
    public void restartIdsAt(long next) {
        em.createNativeQuery("UPDATE event_id_counter SET last_id = ?1 WHERE id = 1")
                .setParameter(1, next - 1)
                .executeUpdate();
    }

    public List<Row> byIds(List<Long> ids) {
        return em.createQuery("select e from EventEntity e where e.id in :ids order by e.id", EventEntity.class)
                .setParameter("ids", ids)
                .getResultStream()
                .map(e -> new Row(e.id, e.tenantId, e.sessionId, e.type, e.payload, e.createdAt))
                .toList();
    }

    public List<Row> after(String tenantId, long afterId, int limit) {
        return em.createQuery(
                        "select e from EventEntity e where e.tenantId = :t and e.id > :after order by e.id",
                        EventEntity.class)
                .setParameter("t", tenantId)
                .setParameter("after", afterId)
                .setMaxResults(limit)
                .getResultStream()
                .map(e -> new Row(e.id, e.tenantId, e.sessionId, e.type, e.payload, e.createdAt))
                .toList();
    }
}
