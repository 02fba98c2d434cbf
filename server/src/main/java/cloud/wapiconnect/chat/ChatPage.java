package cloud.wapiconnect.chat;

import java.util.List;

/** One page of a session's chats, most recent first. */
public record ChatPage(List<Chat> chats, long total, int page, int pages) {}
