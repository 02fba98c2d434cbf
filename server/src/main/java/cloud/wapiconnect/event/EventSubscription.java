package cloud.wapiconnect.event;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One subscriber's view of the event log: first the stored events after its resume point, then the
 * live ones, in id order, each once. Live events wait in a bounded buffer; a subscriber that lets it
 * overflow, or whose transport takes nothing for a while ({@link #awaitConsumer}), is cut off
 * ({@code SUBSCRIBER_TOO_SLOW}) rather than slowing the feed or growing without bound, and resumes from
 * its last id.
 * <p>
 * The seam: the subscription is registered with the feed at a position {@code P} under the feed's
 * lock, so every event above {@code P} reaches the buffer, and every event at or below {@code P} has
 * committed (or never will). Replay reads the stored events up to {@code P}; after that the buffer
 * takes over, skipping anything at or below the last id handed out.
 * <p>
 * {@link #next} and {@link #awaitConsumer} are for one consumer thread; {@link #offer} is called by the
 * feed's thread.
 */
public final class EventSubscription implements AutoCloseable {
    private static final int REPLAY_BATCH = 500;
    /** Put in the buffer by {@link #end} to wake a consumer waiting for the next event. */
    private static final Event END = new Event(Long.MAX_VALUE, "", null, 0, new EventData.Test(""));
    /**
     * Longest pause between two looks at a consumer that cannot take an event, for transports that do not
     * say when it can ({@link #consumerReady}).
     */
    private static final long MAX_LOOK_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EventFilter filter;
    private final BlockingQueue<Event> live;
    private final Consumer<EventSubscription> onClose;
    private final ReplaySource replaySource;
    private final Deque<Event> replayed = new ArrayDeque<>();
    private long lastId;
    private long replayCursor;
    private long replayThrough;
    private volatile boolean overflowed;
    private volatile boolean closed;
    private volatile WapiException endedWith;
    private volatile Thread awaitingConsumer;

    /** Reads one tenant's stored events after an id, oldest first. */
    interface ReplaySource {
        List<Event> after(String tenantId, long afterId, int limit);
    }

    EventSubscription(
            EventFilter filter, int bufferSize, ReplaySource replaySource, Consumer<EventSubscription> onClose) {
        this.filter = filter;
        this.live = new ArrayBlockingQueue<>(bufferSize);
        this.replaySource = replaySource;
        this.onClose = onClose;
    }

    /** Called once, under the feed's lock: replay {@code (resumeAfter, position]}, then go live. */
    void start(long resumeAfter, long position) {
        this.lastId = resumeAfter;
        this.replayCursor = resumeAfter;
        this.replayThrough = position;
    }

    public EventFilter filter() {
        return filter;
    }

    /**
     * The next event, waiting up to {@code timeout} for one; empty when none came in time.
     *
     * @throws WapiException {@code SUBSCRIBER_TOO_SLOW} once the buffer has overflowed, {@code ENGINE_UNAVAILABLE}
     *                       once the server is stopping
     */
    public Optional<Event> next(Duration timeout) throws InterruptedException {
        failIfEnded();
        Event replay = nextReplayed();
        if (replay != null) {
            return Optional.of(replay);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            failIfOverflowed();
            Event event = live.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                failIfOverflowed();
                return Optional.empty();
            }
            if (event == END) {
                failIfEnded();
            }
            if (event.id() > lastId) {
                lastId = event.id();
                return Optional.of(event);
            }
        }
    }

    /**
     * Waits until the consumer can take the next event ({@code ready}, e.g. a stream's flow-control window
     * has room again), for up to {@code limit}; returns at once when it can, or when this subscription
     * has been closed. It looks again when told ({@link #consumerReady}), when the buffer overflows, and
     * after short, growing pauses.
     *
     * @throws WapiException {@code SUBSCRIBER_TOO_SLOW} when the buffer overflows meanwhile, or the consumer
     *                       is still not ready after {@code limit}; the subscription is then closed;
     *                       {@code ENGINE_UNAVAILABLE} once the server is stopping
     */
    public void awaitConsumer(BooleanSupplier ready, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long pause = TimeUnit.MICROSECONDS.toNanos(250);
        awaitingConsumer = Thread.currentThread();
        try {
            while (!ready.getAsBoolean()) {
                if (closed) {
                    return;
                }
                failIfEnded();
                failIfOverflowed();
                if (System.nanoTime() - start >= limit.toNanos()) {
                    close();
                    throw new WapiException(
                            ErrorCode.SUBSCRIBER_TOO_SLOW,
                            "This stream took no data for " + limit.toMillis()
                                    + " ms; resume after the last id received");
                }
                LockSupport.parkNanos(this, Math.min(pause, limit.toNanos() - (System.nanoTime() - start)));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                pause = Math.min(pause * 2, MAX_LOOK_PAUSE_NANOS);
            }
        } finally {
            awaitingConsumer = null;
        }
    }

    /** The consumer may be able to take events again: {@link #awaitConsumer} looks at once. */
    public void consumerReady() {
        wakeConsumer();
    }

    private void wakeConsumer() {
        Thread waiting = awaitingConsumer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    private Event nextReplayed() {
        while (replayed.isEmpty() && replayCursor < replayThrough && !closed && endedWith == null) {
            List<Event> batch = replaySource.after(filter.tenantId(), replayCursor, REPLAY_BATCH);
            if (batch.isEmpty()) {
                replayCursor = replayThrough;
                break;
            }
            for (Event e : batch) {
                if (e.id() > replayThrough) {
                    replayCursor = replayThrough;
                    break;
                }
                replayCursor = e.id();
                if (filter.matches(e)) {
                    replayed.add(e);
                }
            }
        }
        Event next = replayed.poll();
        if (next != null) {
            lastId = next.id();
        }
        return next;
    }

    private void failIfEnded() {
        WapiException reason = endedWith;
        if (reason != null) {
            throw reason;
        }
    }

    private void failIfOverflowed() {
        if (overflowed) {
            close();
            throw new WapiException(
                    ErrorCode.SUBSCRIBER_TOO_SLOW,
                    "Events arrived faster than this stream read them; resume after the last id received");
        }
    }

    /**
     * Hands a live event over without ever blocking. Returns false once this subscription wants no more
     * (closed, or its buffer just overflowed), so the feed can drop it.
     */
    boolean offer(Event event) {
        if (closed || overflowed || endedWith != null) {
            return false;
        }
        if (!filter.matches(event)) {
            return true;
        }
        if (!live.offer(event)) {
            overflowed = true;
            live.clear();
            wakeConsumer();
            return false;
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * The server is stopping: the consumer's next call fails ({@code ENGINE_UNAVAILABLE}), at once if it is
     * waiting, so that its stream ends with a status while the connection is still open. The consumer then
     * closes the subscription.
     */
    void end() {
        end(new WapiException(
                ErrorCode.ENGINE_UNAVAILABLE, "The server is stopping; resume after the last id received"));
    }

    /**
     * Ends the subscription with {@code reason} (the credentials it was opened with were revoked, the server
     * is stopping): the consumer's next call throws it, at once if it is waiting, and the consumer then
     * closes the subscription. Never blocks; the first reason wins.
     */
    public void end(WapiException reason) {
        synchronized (this) {
            if (endedWith != null) {
                return;
            }
            endedWith = reason;
        }
        live.clear();
        live.offer(END);
        wakeConsumer();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            live.clear();
            onClose.accept(this);
            wakeConsumer();
        }
    }
}
