package cloud.wapiconnect.tenant;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class TenantRepository {
    private final EntityManager em;

    @Inject
    public TenantRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    public Optional<Tenant> find(String tenantId) {
        return Optional.ofNullable(em.find(TenantEntity.class, tenantId)).map(TenantRepository::toTenant);
    }

    /** Locks the tenant row until the surrounding transaction ends: serialises limit checks per tenant. */
    public Optional<Tenant> lock(String tenantId) {
        return Optional.ofNullable(em.find(TenantEntity.class, tenantId, LockModeType.PESSIMISTIC_WRITE))
                .map(TenantRepository::toTenant);
    }

    public Optional<Tenant> findByKeyHash(String keyHash) {
        return em.createQuery("select t from TenantEntity t where t.apiKeyHash = :h", TenantEntity.class)
                .setParameter("h", keyHash)
                .getResultStream()
                .findFirst()
                .map(TenantRepository::toTenant);
    }

    /** The current key hash and suspension of these tenants (missing ones are left out), in one query. */
    public List<TenantCredential> credentials(Collection<String> tenantIds) {
        return em.createQuery(
                        "select new cloud.wapiconnect.tenant.TenantCredential(t.id, t.apiKeyHash, t.suspended)"
                                + " from TenantEntity t where t.id in :ids",
                        TenantCredential.class)
                .setParameter("ids", tenantIds)
                .getResultList();
    }

    public List<Tenant> list() {
        return em.createQuery("select t from TenantEntity t order by t.createdAt", TenantEntity.class)
                .getResultStream()
                .map(TenantRepository::toTenant)
                .toList();
    }

    public boolean exists(String tenantId) {
        return em.find(TenantEntity.class, tenantId) != null;
    }

    public void insert(Tenant tenant, String keyHash, String keyHint) {
        TenantEntity e = new TenantEntity();
        e.id = tenant.id();
        e.name = tenant.name();
        e.email = tenant.email();
        e.planId = tenant.planId();
        e.suspended = tenant.suspended();
        e.createdAt = tenant.createdAt();
        e.apiKeyHash = keyHash;
        e.apiKeyHint = keyHint;
        em.persist(e);
    }

    public Optional<String> keyHint(String tenantId) {
        return Optional.ofNullable(em.find(TenantEntity.class, tenantId)).map(e -> e.apiKeyHint);
    }

    public Optional<String> keyHash(String tenantId) {
        return Optional.ofNullable(em.find(TenantEntity.class, tenantId)).map(e -> e.apiKeyHash);
    }

    public boolean replaceKey(String tenantId, String keyHash, String keyHint) {
        TenantEntity e = em.find(TenantEntity.class, tenantId);
        if (e == null) {
            return false;
        }
        e.apiKeyHash = keyHash;
        e.apiKeyHint = keyHint;
        return true;
    }

    public Optional<Tenant> update(String tenantId, String planId, Boolean suspended) {
        TenantEntity e = em.find(TenantEntity.class, tenantId);
        if (e == null) {
            return Optional.empty();
        }
        if (planId != null) {
            e.planId = planId;
        }
        if (suspended != null) {
            e.suspended = suspended;
        }
        return Optional.of(toTenant(e));
    }

    private static Tenant toTenant(TenantEntity e) {
        return new Tenant(e.id, e.name, e.email, e.planId, e.suspended, e.createdAt);
    }
}
