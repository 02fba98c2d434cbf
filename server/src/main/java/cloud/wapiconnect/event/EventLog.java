package cloud.wapiconnect.event;

import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.persistence.EventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The durable, ordered log of everything that happens to sessions: status changes, incoming messages
 * and delivery acks. Appends join the caller's transaction, so an event is stored if and only if the
 * change it describes is. Webhooks and the event stream read it in id order.
 */
@ApplicationScoped
public class EventLog {
    private final EventRepository events;
    private final Clock clock;

    @Inject
    public EventLog(EventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    /** Appends an event and returns its id. */
    @Transactional
    public long append(SessionKey session, EventType type, Map<String, Object> data) {
        return events.insert(session.tenantId(), session.sessionId(), type.wireName(), Json.write(data),
                clock.millis());
    }

    /** Events of one tenant after {@code afterId}, oldest first. */
    @Transactional
    public List<Event> after(String tenantId, long afterId, int limit) {
        return events.after(tenantId, afterId, limit).stream()
                .map(row -> new Event(row.id(), row.tenantId(), row.sessionId(), EventType.fromWire(row.type()),
                        row.createdAt(), Json.readObject(row.payload())))
                .toList();
    }
}
