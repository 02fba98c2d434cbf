package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.webhook.Delivery;
import cloud.wapiconnect.webhook.WebhookEndpoint;
import cloud.wapiconnect.webhook.WebhookService;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A webhook endpoint as the API shows it: the document's {@code {"url","secretSet","events"}}, the sessions,
 * and for a saved endpoint its id and state. The secret itself is never shown.
 */
@Schema(name = "Webhook")
public record WebhookJson(
        String url,
        boolean secretSet,
        List<String> events,
        List<String> sessions,
        @JsonUnwrapped Saved saved) {
    /** The default endpoint when none is set is all nulls and defaults, without the saved fields. */
    public static WebhookJson of(Optional<WebhookEndpoint> endpoint) {
        return endpoint.map(WebhookJson::of)
                .orElseGet(() -> new WebhookJson(null, false, events(Set.of()), List.of(), null));
    }

    public static WebhookJson of(WebhookEndpoint e) {
        return new WebhookJson(
                e.url(),
                e.secret().isPresent(),
                events(e.eventTypes()),
                List.copyOf(e.sessionIds()),
                new Saved(
                        e.id(),
                        e.isDefault(),
                        e.enabled(),
                        e.disabledReason().orElse(null),
                        MessageJson.iso(e.createdAt()),
                        MessageJson.iso(e.updatedAt())));
    }

    private static List<String> events(Set<EventType> types) {
        return (types.isEmpty() ? WebhookService.SUBSCRIBABLE : List.copyOf(types))
                .stream().map(EventType::wireName).toList();
    }

    /** What only a saved endpoint has; {@code disabledReason} is null while it is enabled. */
    public record Saved(
            String id,
            @JsonProperty("default") boolean isDefault,
            boolean enabled,
            String disabledReason,
            String createdAt,
            String updatedAt) {}

    public record Webhooks(List<WebhookJson> webhooks) {}

    /** One event's delivery to one endpoint. */
    @Schema(name = "WebhookDelivery")
    public record DeliveryJson(
            long eventId,
            String event,
            String sessionId,
            String endpointId,
            String status,
            int attempts,
            Integer lastHttpStatus,
            String lastError,
            String nextAttemptAt,
            String deliveredAt,
            String createdAt) {
        public static DeliveryJson of(Delivery d) {
            return new DeliveryJson(
                    d.eventId(),
                    d.event(),
                    d.sessionId().isEmpty() ? null : d.sessionId(),
                    d.endpointId(),
                    d.status(),
                    d.attempts(),
                    d.lastHttpStatus(),
                    d.lastError(),
                    MessageJson.iso(d.nextAttemptAt()),
                    MessageJson.iso(d.deliveredAt()),
                    MessageJson.iso(d.createdAt()));
        }
    }

    public record Deliveries(List<DeliveryJson> deliveries, long total, int page, int pages) {}

    public record TestQueued(boolean success, long eventId) {}

    public record Redelivered(boolean success, long eventId, int queued) {}
}
