package cloud.wapiconnect.webhook;

/**
 * One event's delivery to one endpoint, as the delivery log shows it. Instants are epoch milliseconds.
 *
 * @param status         {@code pending}, {@code delivered}, {@code dead} (retries ran out) or
 *                       {@code cancelled} (the endpoint was deleted or disabled first)
 * @param lastHttpStatus the receiver's last answer, null when it never answered
 * @param nextAttemptAt  when a pending delivery is tried next, else null
 */
public record Delivery(
        long eventId,
        String event,
        String sessionId,
        String endpointId,
        String status,
        int attempts,
        Integer lastHttpStatus,
        String lastError,
        Long nextAttemptAt,
        Long deliveredAt,
        long createdAt) {}
