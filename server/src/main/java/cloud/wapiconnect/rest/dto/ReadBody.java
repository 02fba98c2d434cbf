package cloud.wapiconnect.rest.dto;

import java.util.List;

/** {@code POST …/read}: the chat and the messages of it to mark read. */
public record ReadBody(String chat, List<String> messageIds) {}
