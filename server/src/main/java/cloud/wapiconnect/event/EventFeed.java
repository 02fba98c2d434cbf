package cloud.wapiconnect.event;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The live event feed of this node, for every kind of subscriber (gRPC streams, webhooks): one thread
 * reads the whole log (all tenants) in id order with a {@link LogCursor}, so nothing is skipped when ids
 * commit out of order, and hands each event to the subscriptions of its tenant without ever blocking.
 * It is woken as soon as an event commits on this node ({@link CommittedEvents}) and reads the log every
 * {@code WAPI_EVENT_POLL_MS} (100 ms) anyway for events written by other nodes: a read that finds nothing new is
 * one primary-key range probe, and it keeps an event from another node within about that of a subscriber here.
 */
@ApplicationScoped
public class EventFeed {
    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());
    private static final int BATCH = 1000;
    /** While a missing id may still commit, look again this soon (a commit on this node wakes us earlier). */
    private static final long GAP_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** A failing read is retried at most this far apart: subscribers wait on it once the log is back. */
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);

    private final EventFeedRepository feed;
    private final EventLog log;
    private final CommittedEvents committed;
    private final EventIdFloor idFloor;
    private final WapiConfig.EventConfig config;
    private final Clock clock;
    private final StepFailures readFailures;
    /** Where live events go: a subscription that stops taking them (ended, overflowed) is dropped at once. */
    private final Map<String, List<EventSubscription>> byTenant = new ConcurrentHashMap<>();
    /** Every subscription its consumer has not closed yet, whether or not it still takes events. */
    private final Set<EventSubscription> open = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    private final Runnable wake = this::wake;
    private LogCursor cursor;
    private volatile Thread tailer;
    private volatile boolean running;

    @Inject
    public EventFeed(
            EventFeedRepository feed,
            EventLog log,
            CommittedEvents committed,
            EventIdFloor idFloor,
            WapiConfig config,
            StepRetryConfig retry,
            Clock clock) {
        this.feed = feed;
        this.log = log;
        this.committed = committed;
        this.idFloor = idFloor;
        this.config = config.events();
        this.clock = clock;
        this.readFailures = new StepFailures("Reading the event log", LOG, retry, MAX_RETRY_PAUSE);
    }

    /** Starts reading the log; called once the schema is migrated and {@link EventIdFloor} has started. */
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            // Start a grace period back, so that events still committing at start-up are not jumped over.
            long from = feed.maxIdBefore(clock.millis() - config.gapGrace().toMillis());
            cursor = new LogCursor(from, config.gapGrace().toMillis());
            cursor.neverWritten(idFloor.neverWritten());
            running = true;
        }
        committed.subscribe(event -> wake());
        tailer = Thread.ofPlatform().daemon().name("event-feed").start(this::run);
    }

    /**
     * Subscribes to a tenant's events.
     *
     * @param resumeAfter the last id the subscriber saw: every stored event after it is replayed first;
     *                    empty for live events only
     * @throws WapiException {@code EVENTS_EXPIRED} (details: {@code oldestId}) when events after
     *                       {@code resumeAfter} have already been purged
     */
    public EventSubscription subscribe(EventFilter filter, OptionalLong resumeAfter) {
        if (resumeAfter.isPresent()) {
            checkRetained(resumeAfter.getAsLong());
        }
        EventSubscription subscription = new EventSubscription(filter, config.bufferSize(), log::after, this::remove);
        synchronized (lock) {
            if (!running) {
                throw new WapiException(ErrorCode.ENGINE_UNAVAILABLE, "The event feed is not running");
            }
            long position = cursor.position();
            subscription.start(resumeAfter.orElse(position), position);
            byTenant.computeIfAbsent(filter.tenantId(), t -> new CopyOnWriteArrayList<>())
                    .add(subscription);
            open.add(subscription);
        }
        return subscription;
    }

    private void checkRetained(long resumeAfter) {
        if (resumeAfter < 0) {
            throw WapiException.invalid("resume_after must be 0 or more");
        }
        long purged = feed.purgedThrough();
        if (resumeAfter < purged) {
            long oldest = feed.minId().orElse(purged + 1);
            throw new WapiException(
                    ErrorCode.EVENTS_EXPIRED,
                    "Events after " + resumeAfter + " are no longer kept; the oldest available is " + oldest,
                    Map.of("oldestId", oldest));
        }
    }

    /** Subscriptions open on this node, not yet closed by their consumers (for metrics and tests). */
    public int subscribers() {
        return open.size();
    }

    /**
     * How far this node's streams are behind the log: the newest id written minus the newest the feed has
     * handed to them (0 when caught up or not running). One read of the primary key's end.
     */
    public long lag() {
        long newest = feed.maxId();
        synchronized (lock) {
            return running ? Math.max(0, newest - cursor.position()) : 0;
        }
    }

    /** Subscriptions of one tenant open on this node. */
    public int subscribers(String tenantId) {
        return (int) open.stream()
                .filter(s -> s.filter().tenantId().equals(tenantId))
                .count();
    }

    private void remove(EventSubscription subscription) {
        List<EventSubscription> list = byTenant.get(subscription.filter().tenantId());
        if (list != null) {
            list.remove(subscription);
        }
        open.remove(subscription);
    }

    private void wake() {
        Thread t = tailer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        long pollNanos = config.pollInterval().toNanos();
        while (running) {
            boolean more = false;
            try {
                more = readOnce();
                readFailures.succeeded();
            } catch (RuntimeException e) {
                long pause = readFailures.failed(e);
                if (readFailures.exhausted()) {
                    readFailures.report(
                            "streams get no events until it works; trying again every " + MAX_RETRY_PAUSE.toSeconds()
                                    + " s",
                            e);
                }
                // To a deadline: every commit on this node unparks this thread, and a read retried on each
                // would be a hot loop.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                long left;
                while (running && (left = until - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(left);
                }
                continue;
            }
            if (!more) {
                LockSupport.parkNanos(cursor.waitingOnGap() ? GAP_RECHECK_NANOS : pollNanos);
            }
        }
    }

    /** Reads one batch and fans it out; true when a full batch was delivered (read again at once). */
    private boolean readOnce() {
        List<EventRepository.Row> batch = feed.allAfter(cursor.position(), BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        synchronized (lock) {
            List<EventRepository.Row> ready = cursor.advance(batch, EventRepository.Row::id, clock.millis());
            for (EventRepository.Row row : ready) {
                List<EventSubscription> subscribers = byTenant.get(row.tenantId());
                if (subscribers == null || subscribers.isEmpty()) {
                    continue;
                }
                Event event = EventLog.event(row);
                for (EventSubscription s : subscribers) {
                    if (!s.offer(event)) {
                        subscribers.remove(s);
                    }
                }
            }
            return ready.size() == batch.size() && batch.size() == BATCH;
        }
    }

    /**
     * Stops reading and ends every open subscription: each stream ends with {@code ENGINE_UNAVAILABLE}
     * (clients resume elsewhere or later) and its consumer closes it. Waits for that (at most 2 s) and for a
     * read under way: called when the server stops, streams while their connections are still open.
     */
    @PreDestroy
    public void stop() {
        running = false;
        wake();
        // Every open one, not only those still in the fan-out lists: the tailer drops an ended subscription from
        // those as soon as it refuses an event, before its consumer has written its status. Waiting on the lists
        // let the server close a connection under a stream whose status was still being written.
        open.forEach(EventSubscription::end);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        Thread t = tailer;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
