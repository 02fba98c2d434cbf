package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.chat.Chat;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.identity.ContactIdentity;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A chat (from the message log) as the REST API shows it; {@code lid} only when the session knows the person's LID. */
@Schema(name = "Chat")
public record ChatJson(
        String jid,
        @JsonInclude(JsonInclude.Include.NON_NULL) String lid,
        boolean isGroup,
        long unreadCount,
        MessageJson lastMessage) {
    public static ChatJson of(Chat c) {
        return new ChatJson(c.jid(), c.lid(), c.isGroup(), c.unreadCount(), MessageJson.of(c.lastMessage()));
    }

    /**
     * A person as the session knows them (the contact lookup): both forms, a side the session does not know is null.
     *
     * @param phone digits with country code
     * @param jid   {@code <phone>@s.whatsapp.net}
     * @param lid   {@code <digits>@lid}
     */
    @Schema(name = "ContactIdentity")
    public record Identity(String phone, String jid, String lid) {
        public static Identity of(ContactIdentity c) {
            return new Identity(c.phone(), c.phoneJid(), c.lidJid());
        }
    }

    public record Page(List<ChatJson> chats, long total, int page, int pages) {}

    /** One number of a contacts check. */
    @Schema(name = "Contact")
    public record Contact(String phone, String jid, boolean onWhatsApp) {
        public static Contact of(ContactService.Contact c) {
            return new Contact(c.phone(), c.jid(), c.onWhatsApp());
        }
    }

    public record Contacts(List<Contact> contacts) {}
}
