package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.EventType;
import java.util.Optional;
import java.util.Set;

/**
 * Where a tenant's events go.
 *
 * @param isDefault      the document's single "Webhook URL" setting ({@code /api/settings/webhook})
 * @param secret         signs each delivery when present
 * @param eventTypes     the event types it receives; empty means all
 * @param sessionIds     the sessions whose events it receives; empty means all
 * @param disabledReason why deliveries stopped (the receiver answered 410 Gone); empty while enabled
 */
public record WebhookEndpoint(
        String id,
        String tenantId,
        boolean isDefault,
        String url,
        Optional<String> secret,
        Set<EventType> eventTypes,
        Set<String> sessionIds,
        Optional<String> disabledReason,
        long createdAt,
        long updatedAt) {

    public boolean enabled() {
        return disabledReason.isEmpty();
    }

    /** Whether an event of this type and session goes to this endpoint (tests are addressed explicitly, never matched). */
    public boolean wants(EventType type, String sessionId) {
        return enabled()
                && type != EventType.TEST
                && (eventTypes.isEmpty() || eventTypes.contains(type))
                && (sessionIds.isEmpty() || sessionIds.contains(sessionId));
    }
}
