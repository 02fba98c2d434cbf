package cloud.wapiconnect.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The database gauges' cache: one read per time-to-live however often scraped, the last value kept on failure. */
class CachedTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void readsOncePerTimeToLive() {
        Cached<Integer> cached = new Cached<>(reads::incrementAndGet, 0, 100, now::get);
        assertEquals(1, cached.get());
        now.addAndGet(99);
        assertEquals(1, cached.get());
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(2, cached.get());
        assertEquals(2, reads.get());
    }

    @Test
    void aFailingReadKeepsTheLastValueAndIsTriedAgainAfterTheTimeToLive() {
        AtomicInteger calls = new AtomicInteger();
        Cached<Integer> cached = new Cached<>(
                () -> {
                    if (calls.incrementAndGet() == 2) {
                        throw new IllegalStateException("database down");
                    }
                    return calls.get() * 10;
                },
                -1,
                100,
                now::get);
        assertEquals(10, cached.get());
        now.addAndGet(100);
        assertEquals(10, cached.get()); // the failed read
        now.addAndGet(100);
        assertEquals(30, cached.get());
    }
}
