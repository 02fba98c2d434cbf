package cloud.wapiconnect.event;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.OptionalLong;

/** The event log as the event feed reads it: across tenants in id order, and its retention. */
@ApplicationScoped
@Transactional
public class EventFeedRepository {
    private final EntityManager em;

    @Inject
    public EventFeedRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** Events of every tenant after {@code afterId}, lowest id first. */
    public List<EventRepository.Row> allAfter(long afterId, int limit) {
        return em.createQuery("select e from EventEntity e where e.id > :after order by e.id", EventEntity.class)
                .setParameter("after", afterId)
                .setMaxResults(limit)
                .getResultStream()
                .map(e -> new EventRepository.Row(e.id, e.tenantId, e.sessionId, e.type, e.payload, e.createdAt))
                .toList();
    }

    /** The highest id written before {@code createdBefore} (epoch ms), or 0. */
    public long maxIdBefore(long createdBefore) {
        Long max = em.createQuery("select max(e.id) from EventEntity e where e.createdAt < :t", Long.class)
                .setParameter("t", createdBefore)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** The newest id written (committed), or 0: the primary key's last entry. */
    public long maxId() {
        Long max = em.createQuery("select max(e.id) from EventEntity e", Long.class)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    /** The oldest id still in the log. */
    public OptionalLong minId() {
        Long min = em.createQuery("select min(e.id) from EventEntity e", Long.class)
                .getSingleResult();
        return min == null ? OptionalLong.empty() : OptionalLong.of(min);
    }

    /** Every id up to this one has been deleted by the retention purge. */
    public long purgedThrough() {
        return ((Number) em.createNativeQuery("SELECT purged_through FROM event_log_state WHERE id = 1")
                        .getSingleResult())
                .longValue();
    }

    /** Deletes events with ids in {@code (fromExclusive, throughInclusive]} and records the new watermark. */
    public int purge(long fromExclusive, long throughInclusive) {
        int deleted = em.createNativeQuery("DELETE FROM events WHERE id > ?1 AND id <= ?2")
                .setParameter(1, fromExclusive)
                .setParameter(2, throughInclusive)
                .executeUpdate();
        em.createNativeQuery("UPDATE event_log_state SET purged_through = ?1 WHERE id = 1 AND purged_through < ?1")
                .setParameter(1, throughInclusive)
                .executeUpdate();
        return deleted;
    }
}
