package cloud.wapiconnect.client;

import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import io.grpc.Context;
import io.grpc.Status;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A self-healing event subscription (see {@link WapiClient#follow}). Remembers the id of the last event
 * it delivered and resumes after it on every reconnect, so the handler sees each event once, in order.
 * Reconnects wait 100 ms, doubling to at most 10 s (with jitter), and start again from 100 ms once a
 * stream has delivered something.
 */
public final class EventFollower implements AutoCloseable {
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;
    /** Retrying cannot fix these: the key, the request or the resume point is wrong. */
    private static final Set<Status.Code> FATAL = Set.of(
            Status.Code.UNAUTHENTICATED,
            Status.Code.PERMISSION_DENIED,
            Status.Code.INVALID_ARGUMENT,
            Status.Code.OUT_OF_RANGE,
            Status.Code.UNIMPLEMENTED,
            Status.Code.NOT_FOUND);

    private final WapiClient client;
    private final SubscribeRequest request;
    private final Consumer<Event> onEvent;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Context.CancellableContext current;
    private volatile boolean closed;
    private volatile long lastId;
    private volatile boolean resuming;
    private volatile int reconnects;
    private volatile RuntimeException failure;

    private EventFollower(WapiClient client, SubscribeRequest request, Consumer<Event> onEvent) {
        this.client = client;
        this.request = request;
        this.onEvent = onEvent;
        this.resuming = request.hasResumeAfter();
        this.lastId = request.getResumeAfter();
    }

    static EventFollower start(WapiClient client, SubscribeRequest request, Consumer<Event> onEvent) {
        EventFollower follower = new EventFollower(client, request, onEvent);
        Thread.ofPlatform().daemon().name("wapi-events").start(follower::run);
        return follower;
    }

    /** The id of the last event handed to the handler (or the resume point it started from). */
    public long lastId() {
        return lastId;
    }

    /** How many times the stream was opened again after a failure. */
    public int reconnects() {
        return reconnects;
    }

    /** Why following stopped for good: a {@link WapiClientException}, or what the handler threw; null while running. */
    public RuntimeException failure() {
        return failure;
    }

    /** Waits until following has stopped (closed, or a failure that retrying cannot fix). */
    public boolean await(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        try {
            while (!closed) {
                try {
                    if (stream()) {
                        backoff = MIN_BACKOFF_MS;
                    }
                } catch (WapiClientException e) {
                    if (closed) {
                        return;
                    }
                    if (FATAL.contains(e.status())) {
                        failure = e;
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                sleep(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                reconnects++;
            }
        } catch (RuntimeException handlerFailure) {
            failure = handlerFailure;
        } finally {
            stopped.countDown();
        }
    }

    /** One stream until it ends; true when it delivered at least one event. */
    private boolean stream() {
        SubscribeRequest.Builder r = request.toBuilder();
        if (resuming) {
            r.setResumeAfter(lastId);
        }
        Context.CancellableContext context = Context.current().withCancellation();
        current = context;
        if (closed) {
            context.cancel(null);
        }
        boolean delivered = false;
        Context previous = context.attach();
        try {
            Iterator<Event> events = client.subscribe(r.build());
            while (events.hasNext()) {
                Event event = events.next();
                if (event.getType() == EventType.EVENT_TYPE_HEARTBEAT || (resuming && event.getId() <= lastId)) {
                    continue;
                }
                onEvent.accept(event);
                lastId = event.getId();
                resuming = true;
                delivered = true;
            }
            return delivered;
        } finally {
            context.detach(previous);
            context.cancel(null);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Context.CancellableContext context = current;
        if (context != null) {
            context.cancel(null);
        }
    }
}
