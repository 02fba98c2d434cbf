package cloud.wapiconnect.message;

import cloud.wapiconnect.paging.PageRequest;
import java.util.Optional;

/** Filters and paging of the message log. */
public record MessageQuery(
        String tenantId,
        Optional<String> sessionId,
        Optional<Direction> direction,
        Optional<MessageStatus> status,
        PageRequest paging) {}
