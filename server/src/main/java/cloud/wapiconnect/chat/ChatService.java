package cloud.wapiconnect.chat;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.identity.ContactIdentities;
import cloud.wapiconnect.identity.ContactIdentity;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.session.Session;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.whatsapp.SessionKey;
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
    private final SessionService sessions;
    private final ChatRepository chats;
    private final ContactIdentities identities;

    @Inject
    public ChatService(SessionService sessions, ChatRepository chats, ContactIdentities identities) {
        this.sessions = sessions;
        this.chats = chats;
        this.identities = identities;
    }

    /**
     * The session's chats, the one with the latest message first.
     *
     * @param paging a page of {@link PageSize#CHATS}; past the end, the page is empty
     * @throws WapiException {@code SESSION_NOT_FOUND}
     */
    @Transactional
    public ChatPage list(Tenant tenant, String sessionId, PageRequest paging) {
        SessionKey key = key(sessions.require(tenant, sessionId));
        long total = chats.countChats(key);
        List<Chat> result = new ArrayList<>();
        if (!paging.pastEnd(total)) {
            for (ChatRepository.ChatRow row : chats.chats(key, paging.firstResult(), paging.limit())) {
                LoggedMessage last = chats.message(row.lastId());
                boolean group = row.address().endsWith(Recipient.GROUP_SUFFIX);
                String jid = jid(row.address());
                result.add(new Chat(
                        jid,
                        group,
                        last,
                        chats.unread(key, row.address()),
                        group ? null : identities.of(key, jid).lidJid()));
            }
        }
        return new ChatPage(result, total, paging.page(), paging.pages(total));
    }

    /**
     * The messages of one chat, newest first.
     *
     * @param chat   a phone number or JID (person, group, or a person's {@code @lid}: the person's one chat)
     * @param paging a page of {@link PageSize#CHAT_MESSAGES}; past the end, the page is empty
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_RECIPIENT}
     */
    @Transactional
    public MessagePage messages(Tenant tenant, String sessionId, String chat, PageRequest paging) {
        SessionKey key = key(sessions.require(tenant, sessionId));
        Recipient asked = Recipient.parseAllowingLid(chat);
        // A LID whose number the session knows: its messages are logged under the number (merged when learned).
        ContactIdentity known = asked.byLid() ? identities.of(key, asked.jid()) : null;
        String address = known != null && known.phone() != null ? known.phone() : asked.display();
        long total = chats.countMessages(key, address);
        List<LoggedMessage> messages =
                paging.pastEnd(total) ? List.of() : chats.messages(key, address, paging.firstResult(), paging.limit());
        return new MessagePage(messages, total, paging.page(), paging.pages(total));
    }

    /** The log keeps a person's digits and a group's JID; chats show full JIDs. */
    private static String jid(String address) {
        return address.contains("@") ? address : address + Recipient.USER_SUFFIX;
    }

    private static SessionKey key(Session session) {
        return new SessionKey(session.tenantId(), session.sessionId());
    }
}
