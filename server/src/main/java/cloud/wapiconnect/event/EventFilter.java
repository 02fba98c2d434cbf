package cloud.wapiconnect.event;

import java.util.Set;

/**
 * Which events a subscriber wants: always one tenant's, optionally only some sessions or types.
 *
 * @param sessionIds empty means every session of the tenant
 * @param types      empty means every type
 */
public record EventFilter(String tenantId, Set<String> sessionIds, Set<EventType> types) {
    public EventFilter {
        sessionIds = Set.copyOf(sessionIds);
        types = Set.copyOf(types);
    }

    public static EventFilter allOf(String tenantId) {
        return new EventFilter(tenantId, Set.of(), Set.of());
    }

    /** Test events are addressed to one webhook endpoint, never to stream subscribers. */
    public boolean matches(Event event) {
        return event.tenantId().equals(tenantId)
                && event.type() != EventType.TEST
                && (sessionIds.isEmpty() || sessionIds.contains(event.sessionId()))
                && (types.isEmpty() || types.contains(event.type()));
    }
}
