package cloud.wapiconnect.event;

import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;

/**
 * The durable, ordered log of everything that happens to sessions: status changes, incoming messages
 * and delivery acks. Appends join the caller's transaction, so an event is stored if and only if the
 * change it describes is, and so is whatever its {@link EventAppendHook}s write (webhook deliveries). Webhooks and
 * the event stream read it in id order.
 * <p>
 * Ids come from the events table's AUTO_INCREMENT, or, where the database hands those out in steps (Galera), from
 * a counter row that the appending transaction holds locked until it ends ({@link EventIdSource}): that
 * serializes event-writing transactions from their append on, so callers append last, just before they commit.
 */
@ApplicationScoped
public class EventLog {
    private final EventRepository events;
    private final Transactions transactions;
    private final CommittedEvents committed;
    private final Instance<EventAppendHook> hookBeans;
    private final EventIdFloor idFloor;
    private final Clock clock;
    private volatile List<EventAppendHook> hooks;

    @Inject
    public EventLog(
            EventRepository events,
            Transactions transactions,
            CommittedEvents committed,
            Instance<EventAppendHook> hooks,
            EventIdFloor idFloor,
            Clock clock) {
        this.events = events;
        this.transactions = transactions;
        this.committed = committed;
        this.hookBeans = hooks;
        this.idFloor = idFloor;
        this.clock = clock;
    }

    /**
     * Appends an event and, in the same transaction, runs the {@link EventAppendHook}s; {@link CommittedEvents}
     * announces it once it has committed.
     */
    @Transactional
    public Event append(SessionKey session, EventData data) {
        long now = clock.millis();
        String payload = EventJson.write(data);
        long id = events.insert(
                session.tenantId(), session.sessionId(), data.type().wireName(), payload, now);
        idFloor.cover(id); // before the commit makes the id visible to anyone
        Event event = new Event(id, session.tenantId(), session.sessionId(), now, data);
        for (EventAppendHook hook : hooks()) {
            hook.appended(event);
        }
        transactions.afterCommit(() -> committed.announce(event));
        return event;
    }

    /** The hooks, looked up at the first append (they may need the log themselves). */
    private List<EventAppendHook> hooks() {
        List<EventAppendHook> found = hooks;
        if (found == null) {
            found = hookBeans.stream().toList();
            hooks = found;
        }
        return found;
    }

    /** Events of one tenant after {@code afterId}, oldest first. */
    @Transactional
    public List<Event> after(String tenantId, long afterId, int limit) {
        return events.after(tenantId, afterId, limit).stream()
                .map(EventLog::event)
                .toList();
    }

    /** The events with these ids that are still in the log, oldest first. */
    @Transactional
    public List<Event> byIds(List<Long> ids) {
        return events.byIds(ids).stream().map(EventLog::event).toList();
    }

    /** A stored row as an event. */
    static Event event(EventRepository.Row row) {
        return new Event(
                row.id(),
                row.tenantId(),
                row.sessionId(),
                row.createdAt(),
                EventJson.read(EventType.fromWire(row.type()), row.payload()));
    }
}
