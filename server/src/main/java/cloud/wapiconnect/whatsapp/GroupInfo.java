package cloud.wapiconnect.whatsapp;

import java.util.List;

/**
 * A WhatsApp group as the session's number sees it.
 *
 * @param jid          {@code <id>@g.us}
 * @param description  empty when none
 * @param owner        JID of who created it, or null when WhatsApp does not say
 * @param createdAt    epoch milliseconds, 0 when unknown
 * @param participants everyone in it, the session's own number included
 */
public record GroupInfo(
        String jid,
        String subject,
        String description,
        String owner,
        long createdAt,
        List<GroupParticipant> participants) {}
