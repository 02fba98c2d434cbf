package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.webhook.Delivery;
import cloud.wapiconnect.webhook.WebhookEndpoint;
import cloud.wapiconnect.webhook.WebhookService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Webhook endpoints and deliveries as the API shows them. The secret itself is never shown. */
public final class WebhookJson {
    private WebhookJson() {}

    /** The document's {@code {"url","secretSet","events"}}, plus the endpoint's id, sessions and state. */
    public static Map<String, Object> endpoint(Optional<WebhookEndpoint> endpoint) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", endpoint.map(WebhookEndpoint::url).orElse(null));
        json.put("secretSet", endpoint.flatMap(WebhookEndpoint::secret).isPresent());
        json.put("events", endpoint.map(e -> events(e.eventTypes())).orElseGet(() -> events(java.util.Set.of())));
        json.put("sessions", endpoint.map(e -> List.copyOf(e.sessionIds())).orElse(List.of()));
        endpoint.ifPresent(e -> {
            json.put("id", e.id());
            json.put("default", e.isDefault());
            json.put("enabled", e.enabled());
            json.put("disabledReason", e.disabledReason().orElse(null));
            json.put("createdAt", MessageJson.iso(e.createdAt()));
            json.put("updatedAt", MessageJson.iso(e.updatedAt()));
        });
        return json;
    }

    public static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventId", d.eventId());
        json.put("event", d.event());
        json.put("sessionId", d.sessionId().isEmpty() ? null : d.sessionId());
        json.put("endpointId", d.endpointId());
        json.put("status", d.status());
        json.put("attempts", d.attempts());
        json.put("lastHttpStatus", d.lastHttpStatus());
        json.put("lastError", d.lastError());
        json.put("nextAttemptAt", MessageJson.iso(d.nextAttemptAt()));
        json.put("deliveredAt", MessageJson.iso(d.deliveredAt()));
        json.put("createdAt", MessageJson.iso(d.createdAt()));
        return json;
    }

    private static List<String> events(java.util.Set<EventType> types) {
        return (types.isEmpty() ? WebhookService.SUBSCRIBABLE : List.copyOf(types))
                .stream().map(EventType::wireName).toList();
    }
}
