package cloud.wapiconnect.idempotency;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Idempotency keys and the result first returned for each. Native SQL: claiming must be one atomic insert. */
@ApplicationScoped
@Transactional
class IdempotencyRepository {
    private final EntityManager em;

    @Inject
    IdempotencyRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A claimed key; {@code response} is null while the first request is still running. */
    public record Claim(String fingerprint, String response, long createdAt) {}

    /** Claims a key; false when someone already holds it. */
    public boolean claim(String tenantId, String key, String fingerprint, long now) {
        return em.createNativeQuery(
                                "INSERT IGNORE INTO idempotency_keys (tenant_id, idem_key, fingerprint, created_at) "
                                        + "VALUES (?1, ?2, ?3, ?4)")
                        .setParameter(1, tenantId)
                        .setParameter(2, key)
                        .setParameter(3, fingerprint)
                        .setParameter(4, now)
                        .executeUpdate()
                == 1;
    }

    public Optional<Claim> find(String tenantId, String key) {
        @SuppressWarnings("unchecked")
        Optional<Object[]> row = em.createNativeQuery(
                        "SELECT fingerprint, response, created_at FROM idempotency_keys WHERE tenant_id = ?1 AND idem_key = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .getResultStream()
                .findFirst();
        return row.map(r -> new Claim((String) r[0], (String) r[1], ((Number) r[2]).longValue()));
    }

    public void complete(String tenantId, String key, String response) {
        em.createNativeQuery("UPDATE idempotency_keys SET response = ?3 WHERE tenant_id = ?1 AND idem_key = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .setParameter(3, response)
                .executeUpdate();
    }

    public void release(String tenantId, String key) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE tenant_id = ?1 AND idem_key = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .executeUpdate();
    }

    /** Deletes a claim only if it is older than {@code before}: an expired key may be used again. */
    public void releaseIfOlder(String tenantId, String key, long before) {
        em.createNativeQuery("DELETE FROM idempotency_keys WHERE tenant_id = ?1 AND idem_key = ?2 AND created_at < ?3")
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .setParameter(3, before)
                .executeUpdate();
    }
}
