package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.chat.Chat;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Groups, chats and contact checks as the REST API shows them. */
public final class GroupJson {
    private GroupJson() {}

    public static Map<String, Object> of(GroupInfo g) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", g.jid());
        json.put("subject", g.subject());
        json.put("description", g.description());
        json.put("owner", g.owner());
        json.put("createdAt", g.createdAt() == 0 ? null : MessageJson.iso(g.createdAt()));
        json.put("size", g.participants().size());
        json.put(
                "participants",
                g.participants().stream().map(GroupJson::participant).toList());
        return json;
    }

    private static Map<String, Object> participant(GroupParticipant p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jid", p.jid());
        json.put("isAdmin", p.admin());
        json.put("isSuperAdmin", p.superAdmin());
        return json;
    }

    public static Map<String, Object> result(ParticipantResult r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jid", r.jid());
        json.put("status", r.outcome().wireName());
        return json;
    }

    public static Map<String, Object> chat(Chat c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jid", c.jid());
        json.put("isGroup", c.isGroup());
        json.put("unreadCount", c.unreadCount());
        json.put("lastMessage", MessageJson.of(c.lastMessage()));
        return json;
    }

    public static Map<String, Object> contact(ContactService.Contact c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phone", c.phone());
        json.put("jid", c.jid());
        json.put("onWhatsApp", c.onWhatsApp());
        return json;
    }
}
