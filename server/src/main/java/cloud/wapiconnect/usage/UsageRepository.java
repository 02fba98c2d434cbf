package cloud.wapiconnect.usage;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDate;

/**
 * Per-tenant, per-day sent counters. A reservation is one conditional UPDATE, atomic in the database,
 * so any number of concurrent senders (on any number of nodes) can never push a counter past its limit.
 */
@ApplicationScoped
@Transactional
public class UsageRepository {
    private final EntityManager em;

    @Inject
    public UsageRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /**
     * Creates the day's counter row if it is missing. Must run in a transaction of its own: a
     * duplicate insert takes a shared lock, and two such holders that then update the row deadlock.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void ensureRow(String tenantId, LocalDate day) {
        em.createNativeQuery("INSERT IGNORE INTO daily_usage (tenant_id, usage_day, sent) VALUES (?1, ?2, 0)")
                .setParameter(1, tenantId)
                .setParameter(2, day)
                .executeUpdate();
    }

    /** Takes one message from the day's allowance (the row must exist); false when {@code limit} is used up. */
    public boolean reserve(String tenantId, LocalDate day, int limit) {
        return em.createNativeQuery(
                                "UPDATE daily_usage SET sent = sent + 1 WHERE tenant_id = ?1 AND usage_day = ?2 AND sent < ?3")
                        .setParameter(1, tenantId)
                        .setParameter(2, day)
                        .setParameter(3, limit)
                        .executeUpdate()
                == 1;
    }

    /** Gives back a reservation whose message was never sent. */
    public void release(String tenantId, LocalDate day) {
        em.createNativeQuery(
                        "UPDATE daily_usage SET sent = sent - 1 WHERE tenant_id = ?1 AND usage_day = ?2 AND sent > 0")
                .setParameter(1, tenantId)
                .setParameter(2, day)
                .executeUpdate();
    }

    public int sent(String tenantId, LocalDate day) {
        Object sent = em.createNativeQuery("SELECT sent FROM daily_usage WHERE tenant_id = ?1 AND usage_day = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, day)
                .getResultStream()
                .findFirst()
                .orElse(0);
        return ((Number) sent).intValue();
    }
}
