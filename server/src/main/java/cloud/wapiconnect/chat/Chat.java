package cloud.wapiconnect.chat;

import cloud.wapiconnect.message.LoggedMessage;

/**
 * A conversation of a session, as its message log shows it.
 *
 * @param jid         the other side: {@code <digits>@s.whatsapp.net}, a group's {@code <id>@g.us}, or
 *                    {@code <digits>@lid} for a person known only by LID
 * @param unreadCount incoming messages after the session's last message to this chat that are not marked read
 * @param lid         the person's LID JID when the session knows it, else null (groups: null)
 */
public record Chat(String jid, boolean isGroup, LoggedMessage lastMessage, long unreadCount, String lid) {}
