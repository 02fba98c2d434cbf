package cloud.wapiconnect.message;

import java.util.Optional;

/** Filters and paging of the message log; {@code page} counts from 1. */
public record MessageQuery(String tenantId, Optional<String> sessionId, Optional<Direction> direction,
                           Optional<MessageStatus> status, int page, int limit) {
}
