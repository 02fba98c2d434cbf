package cloud.wapiconnect.chat;

import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.persistence.ChatRepository;
import cloud.wapiconnect.session.Session;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's chats, read from our own message log for every engine: without WhatsApp's history sync
 * that is the one honest source, so a chat appears once a message was sent or received through
 * WapiConnect. No engine call: works while the session is disconnected too.
 */
@ApplicationScoped
public class ChatService {
    static final int MAX_PAGE_SIZE = 100;

    private final SessionService sessions;
    private final ChatRepository chats;

    @Inject
    public ChatService(SessionService sessions, ChatRepository chats) {
        this.sessions = sessions;
        this.chats = chats;
    }

    /**
     * The session's chats, the one with the latest message first.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_REQUEST} (page below 1, limit outside 1..100)
     */
    @Transactional
    public ChatPage list(Tenant tenant, String sessionId, int page, int limit) {
        checkPaging(page, limit);
        SessionKey key = key(sessions.require(tenant, sessionId));
        long total = chats.countChats(key);
        List<Chat> result = new ArrayList<>();
        if (total > 0) {
            for (ChatRepository.ChatRow row : chats.chats(key, (page - 1) * limit, limit)) {
                LoggedMessage last = chats.message(row.lastId());
                result.add(new Chat(jid(row.address()), row.address().endsWith(Recipient.GROUP_SUFFIX), last,
                        chats.unread(key, row.address())));
            }
        }
        return new ChatPage(result, total, page, pages(total, limit));
    }

    /**
     * The messages of one chat, newest first.
     *
     * @param chat a phone number or JID (person or group)
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_RECIPIENT}, {@code INVALID_REQUEST}
     */
    @Transactional
    public MessagePage messages(Tenant tenant, String sessionId, String chat, int page, int limit) {
        checkPaging(page, limit);
        SessionKey key = key(sessions.require(tenant, sessionId));
        String address = Recipient.parse(chat).display();
        long total = chats.countMessages(key, address);
        List<LoggedMessage> messages = total == 0 ? List.of() : chats.messages(key, address, (page - 1) * limit, limit);
        return new MessagePage(messages, total, page, pages(total, limit));
    }

    /** The log keeps a person's digits and a group's JID; chats show full JIDs. */
    private static String jid(String address) {
        return address.contains("@") ? address : address + Recipient.USER_SUFFIX;
    }

    private static void checkPaging(int page, int limit) {
        if (page < 1) {
            throw WapiException.invalid("page must be 1 or more");
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw WapiException.invalid("limit must be between 1 and " + MAX_PAGE_SIZE);
        }
    }

    private static int pages(long total, int limit) {
        return (int) ((total + limit - 1) / limit);
    }

    private static SessionKey key(Session session) {
        return new SessionKey(session.tenantId(), session.sessionId());
    }
}
