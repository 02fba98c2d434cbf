package cloud.wapiconnect.util;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.EventsGrpc;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One raw event stream over a real grpc-java channel, recorded for assertions: events (heartbeats
 * counted apart), and how the stream ended. {@code delayPerEvent} makes it a slow consumer: grpc-java
 * reads the next message only once the previous one has been handled.
 */
public final class EventRecorder implements ClientResponseObserver<SubscribeRequest, Event>, AutoCloseable {
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final long delayMillis;
    private volatile ClientCallStreamObserver<SubscribeRequest> call;
    private volatile Throwable error;
    private volatile long endedAtNanos;

    private EventRecorder(long delayMillis) {
        this.delayMillis = delayMillis;
    }

    public static EventRecorder subscribe(Channel channel, String apiKey, SubscribeRequest request) {
        return subscribe(channel, apiKey, request, Duration.ZERO);
    }

    public static EventRecorder subscribe(
            Channel channel, String apiKey, SubscribeRequest request, Duration delayPerEvent) {
        Metadata headers = new Metadata();
        if (apiKey != null) {
            headers.put(WapiClient.API_KEY, apiKey);
        }
        EventRecorder recorder = new EventRecorder(delayPerEvent.toMillis());
        EventsGrpc.newStub(ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)))
                .subscribe(request, recorder);
        return recorder;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(Event event) {
        if (event.getType() == EventType.EVENT_TYPE_HEARTBEAT) {
            heartbeats.incrementAndGet();
            return;
        }
        events.add(event);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        endedAtNanos = System.nanoTime();
        error = t;
        ended.countDown();
    }

    @Override
    public void onCompleted() {
        endedAtNanos = System.nanoTime();
        ended.countDown();
    }

    /** The next event; fails the test when none comes in time. */
    public Event next(Duration timeout) throws InterruptedException {
        Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (event == null) {
            throw new AssertionError("No event within " + timeout + (error == null ? "" : "; stream failed: " + error));
        }
        return event;
    }

    /** The next event of this type, skipping others. */
    public Event next(EventType type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.getType() == type) {
                return e;
            }
        }
    }

    public List<Event> take(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> taken = new ArrayList<>(count);
        while (taken.size() < count) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("Only " + taken.size() + " of " + count + " events within " + timeout
                        + (error == null ? "" : "; stream failed: " + error));
            }
            taken.add(e);
        }
        return taken;
    }

    /** Events received so far and not yet taken. */
    public List<Event> drain() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    /** Waits for the stream to fail and returns the failure as the client library reads it. */
    public WapiClientException awaitError(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Stream still open after " + timeout);
        }
        if (!(error instanceof StatusRuntimeException status)) {
            throw new AssertionError("Stream ended without a status error: " + error);
        }
        return WapiClientException.of(status);
    }

    /** When the stream ended ({@link System#nanoTime()}), once {@link #ended()}. */
    public long endedAtNanos() {
        return endedAtNanos;
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }

    public int heartbeats() {
        return heartbeats.get();
    }

    @Override
    public void close() {
        if (call != null && !ended()) {
            call.cancel("test done", null);
        }
    }
}
