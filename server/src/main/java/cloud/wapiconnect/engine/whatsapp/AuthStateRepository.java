package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.cluster.LeaseFence;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

/** The {@code auth_state} table: opaque (already encrypted) values per session, category and key id. */
@ApplicationScoped
@Transactional
class AuthStateRepository {
    private final EntityManager em;
    private final LeaseFence fence;

    /** One row's address. */
    public record Key(String category, String id) {}

    @Inject
    AuthStateRepository(SharedEntityManager shared, LeaseFence fence) {
        this.em = shared.get();
        this.fence = fence;
    }

    /** The stored values of the keys that exist, in no particular order. */
    public Map<Key, byte[]> read(SessionKey session, Collection<Key> keys) {
        Map<Key, byte[]> found = new LinkedHashMap<>();
        Map<String, List<String>> byCategory = new LinkedHashMap<>();
        for (Key key : keys) {
            byCategory.computeIfAbsent(key.category(), c -> new ArrayList<>()).add(key.id());
        }
        for (Map.Entry<String, List<String>> entry : byCategory.entrySet()) {
            // Typed scalars: H2 returns a BLOB column as a java.sql.Blob where MariaDB gives bytes.
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT key_id, sealed FROM auth_state WHERE tenant_id = ?1"
                            + " AND session_id = ?2 AND category = ?3 AND key_id IN (?4)")
                    .unwrap(NativeQuery.class)
                    .addScalar("key_id", StandardBasicTypes.STRING)
                    .addScalar("sealed", StandardBasicTypes.BINARY)
                    .setParameter(1, session.tenantId())
                    .setParameter(2, session.sessionId())
                    .setParameter(3, entry.getKey())
                    .setParameter(4, entry.getValue())
                    .getResultList();
            for (Object[] row : rows) {
                found.put(new Key(entry.getKey(), (String) row[0]), (byte[]) row[1]);
            }
        }
        return found;
    }

    /**
     * Puts and deletes in one transaction: all of a write is durable, or none of it; refused
     * ({@code SESSION_MOVING}) unless this node holds the session's lease, checked in the same transaction.
     */
    public void write(SessionKey session, Map<Key, byte[]> put, Collection<Key> delete, long now) {
        fence.requireHeld(session);
        for (Key key : delete) {
            em.createNativeQuery("DELETE FROM auth_state WHERE tenant_id = ?1 AND session_id = ?2 AND category = ?3"
                            + " AND key_id = ?4")
                    .setParameter(1, session.tenantId())
                    .setParameter(2, session.sessionId())
                    .setParameter(3, key.category())
                    .setParameter(4, key.id())
                    .executeUpdate();
        }
        for (Map.Entry<Key, byte[]> entry : put.entrySet()) {
            Key key = entry.getKey();
            em.createNativeQuery("INSERT INTO auth_state (tenant_id, session_id, category, key_id, sealed, updated_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON DUPLICATE KEY UPDATE sealed = VALUES(sealed),"
                            + " updated_at = VALUES(updated_at)")
                    .setParameter(1, session.tenantId())
                    .setParameter(2, session.sessionId())
                    .setParameter(3, key.category())
                    .setParameter(4, key.id())
                    .setParameter(5, entry.getValue())
                    .setParameter(6, now)
                    .executeUpdate();
        }
    }

    public boolean contains(SessionKey session, Key key) {
        return !read(session, List.of(key)).isEmpty();
    }

    public int deleteAll(SessionKey session) {
        return em.createNativeQuery("DELETE FROM auth_state WHERE tenant_id = ?1 AND session_id = ?2")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .executeUpdate();
    }

    /** Deletes one category's rows last written before {@code cutoff} (epoch ms), across all sessions. */
    public int deleteOlderThan(String category, long cutoff) {
        return em.createNativeQuery("DELETE FROM auth_state WHERE category = ?1 AND updated_at < ?2")
                .setParameter(1, category)
                .setParameter(2, cutoff)
                .executeUpdate();
    }
}
