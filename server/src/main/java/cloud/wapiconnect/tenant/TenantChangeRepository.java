package cloud.wapiconnect.tenant;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** The {@code tenant_changes} log, in plain SQL. */
@ApplicationScoped
@Transactional
class TenantChangeRepository {
    /** One row of the log. */
    record Row(long id, TenantChange change) {}

    private final EntityManager em;

    @Inject
    TenantChangeRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** Joins the caller's transaction: the change and its row commit together. */
    void insert(TenantChange change, long now) {
        em.createNativeQuery("INSERT INTO tenant_changes (tenant_id, kind, changed_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, change.tenantId())
                .setParameter(2, change.kind().name())
                .setParameter(3, now)
                .executeUpdate();
    }

    /** The rows after {@code id}, in id order, at most {@code limit}: by the primary key, usually none. */
    List<Row> after(long id, int limit) {
        List<?> rows = em.createNativeQuery("SELECT id, tenant_id, kind FROM tenant_changes WHERE id > ?1 ORDER BY id")
                .setParameter(1, id)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> {
                    Object[] c = (Object[]) r;
                    return new Row(
                            ((Number) c[0]).longValue(),
                            new TenantChange((String) c[1], TenantChange.Kind.fromColumn((String) c[2])));
                })
                .toList();
    }

    long maxId() {
        Object max = em.createNativeQuery("SELECT MAX(id) FROM tenant_changes").getSingleResult();
        return max == null ? 0 : ((Number) max).longValue();
    }

    /** Deletes rows written before {@code cutoff} (epoch ms); returns how many. */
    int purgeBefore(long cutoff) {
        return em.createNativeQuery("DELETE FROM tenant_changes WHERE changed_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }
}
