package cloud.wapiconnect.persistence;

import cloud.wapiconnect.engine.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** What the sandbox's simulated network received. */
@ApplicationScoped
@Transactional
public class SandboxDeliveryRepository {
    private final EntityManager em;

    @Inject
    public SandboxDeliveryRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A message as the simulated network received it; {@code createdAt} in epoch milliseconds. */
    public record Delivery(String messageId, String to, String body, long createdAt) {
    }

    public void insert(SessionKey session, String messageId, String toJid, String body, long now) {
        em.createNativeQuery("INSERT INTO sandbox_deliveries (tenant_id, session_id, message_id, to_jid, body, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setParameter(3, messageId)
                .setParameter(4, toJid)
                .setParameter(5, body)
                .setParameter(6, now)
                .executeUpdate();
    }

    public boolean contains(SessionKey session, String messageId) {
        return !em.createNativeQuery("SELECT 1 FROM sandbox_deliveries WHERE tenant_id = ?1 AND session_id = ?2 AND message_id = ?3")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setParameter(3, messageId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** The most recent deliveries, newest first. */
    public List<Delivery> latest(SessionKey session, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT message_id, to_jid, body, created_at FROM sandbox_deliveries "
                        + "WHERE tenant_id = ?1 AND session_id = ?2 ORDER BY id DESC")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> new Delivery((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue()))
                .toList();
    }
}
