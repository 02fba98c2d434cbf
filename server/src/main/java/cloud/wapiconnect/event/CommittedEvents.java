package cloud.wapiconnect.event;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells readers of the event log, on this node, about each event as soon as the transaction that
 * wrote it has committed, so they can push it on at once instead of polling. Events written by other
 * nodes are not announced here: readers still poll the log now and then.
 */
@ApplicationScoped
public class CommittedEvents {
    private static final Logger LOG = Logger.getLogger(CommittedEvents.class.getName());

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener. It runs on the committing thread, so it must only hand the event on, never block. */
    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    void announce(Event event) {
        for (Consumer<Event> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Event listener failed", e);
            }
        }
    }
}
