package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.chat.Chat;
import cloud.wapiconnect.contact.ContactService;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A chat (from the message log) as the REST API shows it. */
@Schema(name = "Chat")
public record ChatJson(String jid, boolean isGroup, long unreadCount, MessageJson lastMessage) {
    public static ChatJson of(Chat c) {
        return new ChatJson(c.jid(), c.isGroup(), c.unreadCount(), MessageJson.of(c.lastMessage()));
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
