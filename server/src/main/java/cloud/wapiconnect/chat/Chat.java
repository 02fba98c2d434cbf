package cloud.wapiconnect.chat;

import cloud.wapiconnect.message.LoggedMessage;

/**
 * A conversation of a session, as its message log shows it.
 *
 * @param jid         the other side: {@code <digits>@s.whatsapp.net} or a group's {@code <id>@g.us}
 * @param unreadCount incoming messages after the session's last message to this chat that are not marked read
 */
public record Chat(String jid, boolean isGroup, LoggedMessage lastMessage, long unreadCount) {}
