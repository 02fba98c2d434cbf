package cloud.wapiconnect.event;

import cloud.wapiconnect.config.WapiConfig;
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
    private final boolean embedded;
    private volatile EventIdSource source;

    @Inject
    EventRepository(SharedEntityManager shared, WapiConfig config) {
        this.em = shared.get();
        this.embedded = config.embeddedDatabase();
    }

    /** A stored event with its payload still as JSON. */
    public record Row(long id, String tenantId, String sessionId, String type, String payload, long createdAt) {}

    /**
     * Inserts an event and returns its id, from the source this database needs ({@link EventIdSource}): the
     * table's AUTO_INCREMENT on one database server; the counter row where AUTO_INCREMENT steps (Galera), which
     * stays locked until this transaction ends, so ids commit in the order they are taken and a rolled-back id is
     * taken again. Callers append last in their transaction: the counter's lock is held only from here on.
     */
    public long insert(String tenantId, String sessionId, String type, String payload, long createdAt) {
        if (source() == EventIdSource.AUTO_INCREMENT) {
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
        em.createNativeQuery("UPDATE event_id_counter SET last_id = last_id + 1 WHERE id = 1")
                .executeUpdate();
        long id = ((Number) em.createNativeQuery("SELECT last_id FROM event_id_counter WHERE id = 1")
                        .getSingleResult())
                .longValue();
        em.createNativeQuery("INSERT INTO events (id, tenant_id, session_id, type, payload, created_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, id)
                .setParameter(2, tenantId)
                .setParameter(3, sessionId)
                .setParameter(4, type)
                .setParameter(5, payload)
                .setParameter(6, createdAt)
                .executeUpdate();
        return id;
    }

    /**
     * The id source, found at the first append. Taking over from AUTO_INCREMENT (a database that became a Galera
     * cluster), the counter first moves above every stored id.
     */
    EventIdSource source() {
        EventIdSource found = source;
        if (found == null) {
            synchronized (this) {
                found = source;
                if (found == null) {
                    found = embedded || autoIncrementStep() == 1 ? EventIdSource.AUTO_INCREMENT : EventIdSource.COUNTER;
                    if (found == EventIdSource.COUNTER) {
                        em.createNativeQuery("UPDATE event_id_counter SET last_id = GREATEST(last_id, "
                                        + "(SELECT COALESCE(MAX(id), 0) FROM events)) WHERE id = 1")
                                .executeUpdate();
                    }
                    source = found;
                }
            }
        }
        return found;
    }

    private long autoIncrementStep() {
        return ((Number) em.createNativeQuery("SELECT @@auto_increment_increment")
                        .getSingleResult())
                .longValue();
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
