package cloud.wapiconnect.chat;

import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageRepository;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Chats as the message log holds them: a chat is the address on the other side of a session's messages
 * ({@code to_addr} of outgoing ones, {@code from_addr} of incoming ones: a person's digits or a group's JID).
 */
@ApplicationScoped
@Transactional
class ChatRepository {
    private static final String CHAT = "CASE WHEN direction = 'outgoing' THEN to_addr ELSE from_addr END";
    private static final String IN_CHAT =
            "((direction = 'outgoing' AND to_addr = ?3) OR (direction = 'incoming' AND from_addr = ?3))";

    private final EntityManager em;
    private final MessageRepository messages;

    @Inject
    ChatRepository(SharedEntityManager shared, MessageRepository messages) {
        this.em = shared.get();
        this.messages = messages;
    }

    /** A chat's address and the row id of its latest message. */
    public record ChatRow(String address, long lastId) {}

    public long countChats(SessionKey s) {
        return ((Number) em.createNativeQuery("SELECT COUNT(DISTINCT " + CHAT + ") FROM messages "
                                + "WHERE tenant_id = ?1 AND session_id = ?2")
                        .setParameter(1, s.tenantId())
                        .setParameter(2, s.sessionId())
                        .getSingleResult())
                .longValue();
    }

    /** Chats with the latest message first. */
    public List<ChatRow> chats(SessionKey s, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT chat, MAX(id) AS last_id FROM (SELECT " + CHAT + " AS chat, id "
                                + "FROM messages WHERE tenant_id = ?1 AND session_id = ?2) c GROUP BY chat ORDER BY last_id DESC")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
        return rows.stream()
                .map(r -> new ChatRow((String) r[0], ((Number) r[1]).longValue()))
                .toList();
    }

    public LoggedMessage message(long id) {
        return messages.byRowId(id);
    }

    /** Incoming messages not marked read that came after the session last wrote to the chat (replying reads a chat). */
    public long unread(SessionKey s, String address) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM messages WHERE tenant_id = ?1 AND session_id = ?2 "
                                + "AND direction = 'incoming' AND from_addr = ?3 AND status = 'received' AND id > COALESCE("
                                + "(SELECT MAX(id) FROM messages WHERE tenant_id = ?1 AND session_id = ?2 AND direction = 'outgoing' "
                                + "AND to_addr = ?3), 0)")
                        .setParameter(1, s.tenantId())
                        .setParameter(2, s.sessionId())
                        .setParameter(3, address)
                        .getSingleResult())
                .longValue();
    }

    public long countMessages(SessionKey s, String address) {
        return ((Number) em.createNativeQuery(
                                "SELECT COUNT(*) FROM messages WHERE tenant_id = ?1 AND session_id = ?2 AND " + IN_CHAT)
                        .setParameter(1, s.tenantId())
                        .setParameter(2, s.sessionId())
                        .setParameter(3, address)
                        .getSingleResult())
                .longValue();
    }

    /** A chat's messages, newest first. */
    public List<LoggedMessage> messages(SessionKey s, String address, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Number> ids = em.createNativeQuery("SELECT id FROM messages WHERE tenant_id = ?1 AND session_id = ?2 AND "
                        + IN_CHAT + " ORDER BY id DESC")
                .setParameter(1, s.tenantId())
                .setParameter(2, s.sessionId())
                .setParameter(3, address)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
        return ids.stream().map(id -> message(id.longValue())).toList();
    }
}
