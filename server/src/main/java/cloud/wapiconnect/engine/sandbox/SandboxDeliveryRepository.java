package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
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

    /**
     * A message as the simulated network received it: for media the MIME type, size, SHA-256 and file
     * name of the bytes (not the bytes), for polls the options as JSON; {@code createdAt} in epoch ms.
     * {@code details} is JSON of what else arrived (coordinates, vCards, reaction, quoted id, mentions, link
     * preview; presence and read receipts), or null.
     */
    public record Delivery(
            String messageId,
            String to,
            String type,
            String body,
            String mimeType,
            Long size,
            String sha256,
            String fileName,
            Boolean voiceNote,
            String poll,
            long createdAt,
            String details) {
        public Delivery(
                String messageId,
                String to,
                String type,
                String body,
                String mimeType,
                Long size,
                String sha256,
                String fileName,
                Boolean voiceNote,
                String poll,
                long createdAt) {
            this(messageId, to, type, body, mimeType, size, sha256, fileName, voiceNote, poll, createdAt, null);
        }
    }

    /**
     * Keeps what the network received from the connection {@code connectionId}, if that connection still
     * holds the session's link ({@code sandbox_links}): checked in the same statement, so a connection that
     * another one replaced, on any server, never gets a delivery in.
     *
     * @return false when the connection no longer holds the link (nothing was written)
     */
    public boolean insertIfLinked(SessionKey session, String connectionId, Delivery d) {
        return em.createNativeQuery("INSERT INTO sandbox_deliveries (tenant_id, session_id, message_id, to_jid, type,"
                                + " body, mime_type, size_bytes, sha256, file_name, voice_note, poll, created_at, details)"
                                + " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14 FROM sandbox_links"
                                + " WHERE tenant_id = ?1 AND session_id = ?2 AND connection_id = ?15")
                        .setParameter(1, session.tenantId())
                        .setParameter(2, session.sessionId())
                        .setParameter(3, d.messageId())
                        .setParameter(4, d.to())
                        .setParameter(5, d.type())
                        .setParameter(6, d.body())
                        .setParameter(7, d.mimeType())
                        .setParameter(8, d.size())
                        .setParameter(9, d.sha256())
                        .setParameter(10, d.fileName())
                        .setParameter(11, d.voiceNote())
                        .setParameter(12, d.poll())
                        .setParameter(13, d.createdAt())
                        .setParameter(14, d.details())
                        .setParameter(15, connectionId)
                        .executeUpdate()
                == 1;
    }

    public boolean contains(SessionKey session, String messageId) {
        return !em.createNativeQuery(
                        "SELECT 1 FROM sandbox_deliveries WHERE tenant_id = ?1 AND session_id = ?2 AND message_id = ?3")
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
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT message_id, to_jid, type, body, mime_type, size_bytes, sha256, file_name, voice_note, poll, "
                                + "created_at, details FROM sandbox_deliveries "
                                + "WHERE tenant_id = ?1 AND session_id = ?2 ORDER BY id DESC")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setMaxResults(limit)
                .getResultList();
        return rows.stream().map(SandboxDeliveryRepository::delivery).toList();
    }

    /** One delivery by its message id. */
    public java.util.Optional<Delivery> find(SessionKey session, String messageId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT message_id, to_jid, type, body, mime_type, size_bytes, sha256, file_name, voice_note, poll, "
                                + "created_at, details FROM sandbox_deliveries "
                                + "WHERE tenant_id = ?1 AND session_id = ?2 AND message_id = ?3")
                .setParameter(1, session.tenantId())
                .setParameter(2, session.sessionId())
                .setParameter(3, messageId)
                .setMaxResults(1)
                .getResultList();
        return rows.stream().map(SandboxDeliveryRepository::delivery).findFirst();
    }

    private static Delivery delivery(Object[] r) {
        return new Delivery(
                (String) r[0],
                (String) r[1],
                (String) r[2],
                (String) r[3],
                (String) r[4],
                r[5] == null ? null : ((Number) r[5]).longValue(),
                (String) r[6],
                (String) r[7],
                r[8] == null ? null : (Boolean) r[8],
                (String) r[9],
                ((Number) r[10]).longValue(),
                (String) r[11]);
    }
}
