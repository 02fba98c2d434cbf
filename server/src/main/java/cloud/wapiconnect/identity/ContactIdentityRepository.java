package cloud.wapiconnect.identity;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The {@code contact_identities} table: which LID goes with which phone number, per session (digits only). */
@ApplicationScoped
@Transactional
class ContactIdentityRepository {
    private final EntityManager em;

    @Inject
    ContactIdentityRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /**
     * Stores the pair, replacing whatever paired either side with something else (a number moved to another
     * account, or an account to another number: the latest word wins).
     *
     * @return whether anything changed
     */
    public boolean put(SessionKey s, String phone, String lid, long now) {
        int removed = em.createNativeQuery("DELETE FROM contact_identities WHERE tenant_id = ?1 AND session_id = ?2"
                        + " AND ((lid = ?3 AND phone <> ?4) OR (phone = ?4 AND lid <> ?3))")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, lid)
                .setParameter(4, phone)
                .executeUpdate();
        // IGNORE: the same pair learned twice at once (two nodes, two events) stores it once and fails neither.
        int added = em.createNativeQuery("INSERT IGNORE INTO contact_identities (tenant_id, session_id, lid, phone,"
                        + " updated_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, lid)
                .setParameter(4, phone)
                .setParameter(5, now)
                .executeUpdate();
        return removed > 0 || added > 0;
    }

    public Optional<String> phoneOfLid(SessionKey s, String lid) {
        return first(
                s, "SELECT phone FROM contact_identities WHERE tenant_id = ?1 AND session_id = ?2 AND lid = ?3", lid);
    }

    public Optional<String> lidOfPhone(SessionKey s, String phone) {
        return first(
                s, "SELECT lid FROM contact_identities WHERE tenant_id = ?1 AND session_id = ?2 AND phone = ?3", phone);
    }

    private Optional<String> first(SessionKey s, String sql, String value) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery(sql)
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, value)
                .setMaxResults(1)
                .getResultList();
        return rows.stream().findFirst();
    }
}
