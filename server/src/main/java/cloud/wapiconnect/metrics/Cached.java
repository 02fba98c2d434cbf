package cloud.wapiconnect.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A value read at most once per {@code ttlNanos}, however often it is scraped: the gauges that read the shared
 * database (each node reads it, and Prometheus may scrape every node every second). A failing read keeps the
 * last value: a gauge that went blank whenever the database hiccupped would hide the very alert it feeds.
 */
final class Cached<T> implements Supplier<T> {
    private static final Logger LOG = Logger.getLogger(Cached.class.getName());

    private final Supplier<T> source;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long readAt;
    private boolean read;

    Cached(Supplier<T> source, T initial, long ttlNanos, LongSupplier nanoTime) {
        this.source = source;
        this.value = initial;
        this.ttlNanos = ttlNanos;
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized T get() {
        long now = nanoTime.getAsLong();
        if (!read || now - readAt >= ttlNanos) {
            read = true;
            readAt = now;
            try {
                value = source.get();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A metrics read failed; the gauge keeps its last value", e);
            }
        }
        return value;
    }
}
