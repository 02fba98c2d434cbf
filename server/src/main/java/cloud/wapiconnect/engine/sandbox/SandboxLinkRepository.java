package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which connection holds each session's link on the simulated network ({@code sandbox_links}), shared by
 * every server process on the database: WhatsApp lets one connection per linked device live.
 */
@ApplicationScoped
@Transactional
public class SandboxLinkRepository {
    private final EntityManager em;

    @Inject
    public SandboxLinkRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** The connection takes the session's link, from whichever connection held it (one write). */
    public void open(SessionKey session, String connectionId, String holder, long now) {
        em.createNativeQuery("INSERT INTO sandbox_links (tenant_id, session_id, connection_id, holder, opened_at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5) ON DUPLICATE KEY UPDATE connection_id = VALUES(connection_id),"
                        + " holder = VALUES(holder), opened_at = VALUES(opened_at)")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setParameter(3, connectionId)
                .setParameter(4, holder)
                .setParameter(5, now)
                .executeUpdate();
    }

    /** The connection that holds the session's link, if any ever opened. */
    public Optional<String> current(SessionKey session) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery(
                        "SELECT connection_id FROM sandbox_links WHERE tenant_id = ?1 AND session_id = ?2")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .getResultList();
        return rows.stream().map(r -> ((String) r).strip()).findFirst();
    }

    /** How many links {@code holder}'s connections hold: the one query of a quiet tick. */
    public long countHeld(String holder) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM sandbox_links WHERE holder = ?1")
                        .setParameter(1, holder)
                        .getSingleResult())
                .longValue();
    }

    /** The links {@code holder}'s connections hold, by session: connection ids. */
    public Map<SessionKey, String> held(String holder) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT tenant_id, session_id, connection_id FROM sandbox_links WHERE holder = ?1")
                .setParameter(1, holder)
                .getResultList();
        Map<SessionKey, String> held = new HashMap<>();
        for (Object[] r : rows) {
            held.put(new SessionKey((String) r[0], (String) r[1]), ((String) r[2]).strip());
        }
        return held;
    }
}
