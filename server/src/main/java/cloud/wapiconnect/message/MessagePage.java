package cloud.wapiconnect.message;

import java.util.List;

/** One page of the message log, newest first. */
public record MessagePage(List<LoggedMessage> messages, long total, int page, int pages) {}
