package cloud.wapiconnect.message;

import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.stats.DayRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
@Transactional
public class MessageRepository {
    private final EntityManager em;

    @Inject
    public MessageRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    public void insert(LoggedMessage m) {
        MessageEntity e = new MessageEntity();
        e.tenantId = m.tenantId();
        e.sessionId = m.sessionId();
        e.messageId = m.messageId();
        e.direction = m.direction().wireName();
        e.type = m.type();
        e.to = m.to();
        e.from = m.from();
        e.body = m.body();
        e.status = m.status().wireName();
        e.createdAt = m.createdAt();
        e.updatedAt = m.createdAt();
        e.participant = m.participant();
        e.details = m.details().toJson();
        e.peerLid = m.peerLid();
        if (m.media() != null) {
            e.mediaMime = m.media().mimeType();
            e.mediaSize = m.media().size();
            e.fileName = m.media().fileName();
        }
        em.persist(e);
    }

    /**
     * Moves a message to {@code status} if it currently has one of {@code from}; statuses never go back.
     *
     * @return whether a message changed
     */
    public boolean advanceStatus(
            String tenantId,
            String messageId,
            MessageStatus status,
            Collection<MessageStatus> from,
            String errorCode,
            long now) {
        // Native SQL: this runs for every send and every ack, and Hibernate translates a JPQL update anew each time.
        String placeholders = String.join(", ", java.util.Collections.nCopies(from.size(), "?"));
        var update = em.createNativeQuery("UPDATE messages SET status = ?, error_code = ?, updated_at = ? "
                + "WHERE tenant_id = ? AND message_id = ? AND status IN (" + placeholders + ")");
        int i = 1;
        update.setParameter(i++, status.wireName());
        update.setParameter(i++, errorCode);
        update.setParameter(i++, now);
        update.setParameter(i++, tenantId);
        update.setParameter(i++, messageId);
        for (MessageStatus s : from) {
            update.setParameter(i++, s.wireName());
        }
        return update.executeUpdate() > 0;
    }

    /**
     * Replaces a message's text and stamps {@code edited_at}, unless it was revoked.
     *
     * @return whether a message changed
     */
    public boolean edit(String tenantId, String sessionId, String messageId, String body, long at) {
        return em.createNativeQuery("UPDATE messages SET body = ?, edited_at = ?, updated_at = ? "
                                + "WHERE tenant_id = ? AND session_id = ? AND message_id = ? AND revoked_at IS NULL")
                        .setParameter(1, body)
                        .setParameter(2, at)
                        .setParameter(3, at)
                        .setParameter(4, tenantId)
                        .setParameter(5, sessionId)
                        .setParameter(6, messageId)
                        .executeUpdate()
                > 0;
    }

    /**
     * Stamps {@code revoked_at} on a message not revoked yet.
     *
     * @return whether a message changed
     */
    public boolean revoke(String tenantId, String sessionId, String messageId, long at) {
        return em.createNativeQuery("UPDATE messages SET revoked_at = ?, updated_at = ? "
                                + "WHERE tenant_id = ? AND session_id = ? AND message_id = ? AND revoked_at IS NULL")
                        .setParameter(1, at)
                        .setParameter(2, at)
                        .setParameter(3, tenantId)
                        .setParameter(4, sessionId)
                        .setParameter(5, messageId)
                        .executeUpdate()
                > 0;
    }

    /**
     * Readdresses a session's messages logged under the LID JID alone to the phone number, keeping the LID.
     *
     * @return how many messages changed
     */
    public int mergeIdentity(String tenantId, String sessionId, String phone, String lidJid, long now) {
        int changed = 0;
        for (String[] side : new String[][] {{"from_addr", "incoming"}, {"to_addr", "outgoing"}}) {
            changed += em.createNativeQuery("UPDATE messages SET " + side[0] + " = ?1, peer_lid = ?2, updated_at = ?3"
                            + " WHERE tenant_id = ?4 AND session_id = ?5 AND direction = ?6 AND " + side[0] + " = ?2")
                    .setParameter(1, phone)
                    .setParameter(2, lidJid)
                    .setParameter(3, now)
                    .setParameter(4, tenantId)
                    .setParameter(5, sessionId)
                    .setParameter(6, side[1])
                    .executeUpdate();
        }
        return changed;
    }

    /** When a message was logged, if it was. */
    public java.util.Optional<Long> createdAt(String tenantId, String messageId) {
        return em.createQuery(
                        "select m.createdAt from MessageEntity m where m.tenantId = :t and m.messageId = :id",
                        Long.class)
                .setParameter("t", tenantId)
                .setParameter("id", messageId)
                .getResultStream()
                .findFirst();
    }

    public List<LoggedMessage> page(MessageQuery q) {
        TypedQuery<MessageEntity> query =
                filtered(q, "select m from MessageEntity m", " order by m.id desc", MessageEntity.class);
        return query.setFirstResult(q.paging().firstResult())
                .setMaxResults(q.paging().limit())
                .getResultStream()
                .map(MessageRepository::toMessage)
                .toList();
    }

    public long count(MessageQuery q) {
        return filtered(q, "select count(m) from MessageEntity m", "", Long.class)
                .getSingleResult();
    }

    private <T> TypedQuery<T> filtered(MessageQuery q, String select, String order, Class<T> type) {
        StringBuilder jpql = new StringBuilder(select).append(" where m.tenantId = :t");
        q.sessionId().ifPresent(s -> jpql.append(" and m.sessionId = :s"));
        q.direction().ifPresent(d -> jpql.append(" and m.direction = :d"));
        q.status().ifPresent(s -> jpql.append(" and m.status = :st"));
        TypedQuery<T> query =
                em.createQuery(jpql.append(order).toString(), type).setParameter("t", q.tenantId());
        q.sessionId().ifPresent(s -> query.setParameter("s", s));
        q.direction().ifPresent(d -> query.setParameter("d", d.wireName()));
        q.status().ifPresent(s -> query.setParameter("st", s.wireName()));
        return query;
    }

    static LoggedMessage toMessage(MessageEntity e) {
        return new LoggedMessage(
                e.tenantId,
                e.sessionId,
                e.messageId,
                Direction.valueOf(e.direction.toUpperCase()),
                e.type,
                e.to,
                e.from,
                e.body,
                MessageStatus.valueOf(e.status.toUpperCase()),
                e.createdAt,
                e.mediaMime == null
                        ? null
                        : new MediaInfo(e.mediaMime, e.mediaSize == null ? 0 : e.mediaSize, e.fileName),
                e.participant,
                MessageDetails.fromJson(e.details),
                e.editedAt,
                e.revokedAt,
                e.peerLid);
    }

    /** One message of the log, by its row id (the chats' queries find rows by id). */
    public LoggedMessage byRowId(long id) {
        return toMessage(em.find(MessageEntity.class, id));
    }

    /** One message of a session's log, by its WhatsApp id. */
    public java.util.Optional<LoggedMessage> find(String tenantId, String sessionId, String messageId) {
        return em.createQuery(
                        "select m from MessageEntity m where m.tenantId = :t and m.messageId = :id and m.sessionId = :s",
                        MessageEntity.class)
                .setParameter("t", tenantId)
                .setParameter("id", messageId)
                .setParameter("s", sessionId)
                .setMaxResults(1)
                .getResultStream()
                .map(MessageRepository::toMessage)
                .findFirst();
    }

    /**
     * Counts per day of {@code days} (an index from 0, sent, failed, received), days without messages left out: one
     * grouped query on the tenant's rows of the range ({@code ix_messages_tenant_created}).
     */
    public List<long[]> dailyCounts(String tenantId, DayRange days) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT d, SUM(sent), SUM(failed), SUM(received) FROM ("
                        + "SELECT FLOOR((created_at - ?1) / " + DayRange.DAY_MILLIS + ") AS d, "
                        + "CASE WHEN direction = 'outgoing' AND status <> 'failed' THEN 1 ELSE 0 END AS sent, "
                        + "CASE WHEN direction = 'outgoing' AND status = 'failed' THEN 1 ELSE 0 END AS failed, "
                        + "CASE WHEN direction = 'incoming' THEN 1 ELSE 0 END AS received "
                        + "FROM messages WHERE tenant_id = ?2 AND created_at >= ?1 AND created_at < ?3) t GROUP BY d")
                .setParameter(1, days.startMillis())
                .setParameter(2, tenantId)
                .setParameter(3, days.endMillis())
                .getResultList();
        return rows.stream()
                .map(r -> new long[] {
                    ((Number) r[0]).longValue(),
                    ((Number) r[1]).longValue(),
                    ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()
                })
                .toList();
    }
}
