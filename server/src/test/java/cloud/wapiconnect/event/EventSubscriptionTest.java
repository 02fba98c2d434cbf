package cloud.wapiconnect.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a subscription bounds a consumer that cannot take events: its buffer, and the time it waits. */
class EventSubscriptionTest {
    private static final Duration LIMIT = Duration.ofMillis(300);

    private final AtomicInteger closed = new AtomicInteger();

    private EventSubscription subscription(int buffer) {
        EventSubscription s = new EventSubscription(
                new EventFilter("t1", Set.of(), Set.of()),
                buffer,
                (tenant, after, limit) -> List.of(),
                x -> closed.incrementAndGet());
        s.start(0, 0);
        return s;
    }

    private static Event event(long id) {
        return new Event(id, "t1", "main", 0, new EventData.MessageStatus("m" + id, "sent"));
    }

    @Test
    void aReadyConsumerIsNotWaitedFor() throws Exception {
        EventSubscription s = subscription(10);
        long start = System.nanoTime();
        s.awaitConsumer(() -> true, LIMIT);
        assertTrue(System.nanoTime() - start < LIMIT.toNanos());
        assertFalse(s.isClosed());
    }

    @Test
    void aConsumerThatBecomesReadyWithinTheLimitKeepsItsStream() throws Exception {
        EventSubscription s = subscription(10);
        long readyAt = System.nanoTime() + LIMIT.toNanos() / 3;
        s.awaitConsumer(() -> System.nanoTime() >= readyAt, LIMIT);
        assertFalse(s.isClosed());
        assertTrue(s.offer(event(1)));
        assertEquals(1, s.next(Duration.ZERO).orElseThrow().id());
    }

    @Test
    void aConsumerNeverReadyIsCutAsTooSlowAfterTheLimitEvenWithAnEmptyBuffer() {
        EventSubscription s = subscription(10);
        long start = System.nanoTime();
        WapiException e = assertThrows(WapiException.class, () -> s.awaitConsumer(() -> false, LIMIT));
        long waited = System.nanoTime() - start;
        assertEquals(ErrorCode.SUBSCRIBER_TOO_SLOW, e.code());
        assertTrue(waited >= LIMIT.toNanos(), "waited " + waited);
        assertTrue(waited < LIMIT.toNanos() * 3, "waited " + waited);
        assertTrue(s.isClosed());
        assertEquals(1, closed.get());
        assertFalse(s.offer(event(1)), "the feed drops it");
    }

    @Test
    void anOverflowWhileWaitingCutsAtOnce() throws Exception {
        EventSubscription s = subscription(2);
        AtomicBoolean overflowed = new AtomicBoolean();
        Thread feed = Thread.ofVirtual().start(() -> {
            for (long id = 1; id <= 3; id++) {
                overflowed.set(!s.offer(event(id)));
            }
        });
        long start = System.nanoTime();
        WapiException e = assertThrows(WapiException.class, () -> s.awaitConsumer(() -> false, Duration.ofSeconds(30)));
        feed.join();
        assertEquals(ErrorCode.SUBSCRIBER_TOO_SLOW, e.code());
        assertTrue(overflowed.get());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(s.isClosed());
    }

    @Test
    void aSubscriptionClosedWhileWaitingEndsTheWaitQuietly() throws Exception {
        EventSubscription s = subscription(10);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                // closing anyway
            }
            s.close();
        });
        long start = System.nanoTime();
        s.awaitConsumer(() -> false, Duration.ofSeconds(30));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(s.isClosed());
    }
}
