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

    public long insert(String tenantId, String sessionId, String type, String payload, long createdAt) {
        EventEntity e = new EventEntity();
        e.tenantId = tenantId;
        e.sessionId = sessionId;
        e.type = type;
        e.payload = payload;
        e.createdAt = createdAt;
        em.persist(e);
        em.flush();
        return e.id;
    }

    /** The highest id in the log, or 0. */
    public long maxId() {
        Long max = em.createQuery("select max(e.id) from EventEntity e", Long.class)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** Makes the next event id {@code next} (H2 syntax: only the embedded database needs this). */
    public void restartIdsAt(long next) {
        em.createNativeQuery("ALTER TABLE events ALTER COLUMN id RESTART WITH " + next)
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
