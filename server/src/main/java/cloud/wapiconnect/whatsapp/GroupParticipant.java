package cloud.wapiconnect.whatsapp;

/**
 * One member of a group.
 *
 * @param jid        {@code <digits>@s.whatsapp.net} (or a LID JID where WhatsApp hides the number)
 * @param admin      may change the group (a super admin is an admin too)
 * @param superAdmin created the group
 */
public record GroupParticipant(String jid, boolean admin, boolean superAdmin) {}
