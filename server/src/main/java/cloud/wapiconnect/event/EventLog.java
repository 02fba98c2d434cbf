package cloud.wapiconnect.event;

import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.persistence.EventRepository;
import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.webhook.WebhookOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * The durable, ordered log of everything that happens to sessions: status changes, incoming messages
 * and delivery acks. Appends join the caller's transaction, so an event is stored if and only if the
 * change it describes is. Webhooks and the event stream read it in id order.
 */
@ApplicationScoped
public class EventLog {
    private final EventRepository events;
    private final Transactions transactions;
    private final CommittedEvents committed;
    private final WebhookOutbox webhooks;
    private final EventIdFloor idFloor;
    private final Clock clock;

    @Inject
    public EventLog(EventRepository events, Transactions transactions, CommittedEvents committed, WebhookOutbox webhooks,
                    EventIdFloor idFloor, Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.committed = committed;
        this.webhooks = webhooks;
        this.idFloor = idFloor;
        this.clock = clock;
    }

    /**
     * Appends an event and, in the same transaction, its webhook deliveries; {@link CommittedEvents}
     * announces it once it has committed.
     */
    @Transactional
    public Event append(SessionKey session, EventData data) {
        long now = clock.millis();
        long id = events.insert(session.tenantId(), session.sessionId(), data.type().wireName(), EventJson.write(data),
                now);
        idFloor.cover(id); // before the commit makes the id visible to anyone
        Event event = new Event(id, session.tenantId(), session.sessionId(), now, data);
        webhooks.enqueue(event);
        transactions.afterCommit(() -> committed.announce(event));
        return event;
    }

    /** Events of one tenant after {@code afterId}, oldest first. */
    @Transactional
    public List<Event> after(String tenantId, long afterId, int limit) {
        return events.after(tenantId, afterId, limit).stream().map(EventLog::event).toList();
    }

    /** The events with these ids that are still in the log, oldest first. */
    @Transactional
    public List<Event> byIds(List<Long> ids) {
        return events.byIds(ids).stream().map(EventLog::event).toList();
    }

    /** A stored row as an event. */
    static Event event(EventRepository.Row row) {
        return new Event(row.id(), row.tenantId(), row.sessionId(), row.createdAt(),
                EventJson.read(EventType.fromWire(row.type()), row.payload()));
    }
}
