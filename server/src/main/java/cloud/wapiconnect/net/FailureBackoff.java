package cloud.wapiconnect.net;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Growing delays after failed authentication, per key (a client address, an account and an address): the
 * first {@code free - 1} failures in a row cost nothing; the {@code free}th makes the key wait
 * {@code firstDelay} before its next attempt, and each further one twice as long as the one before, up to
 * {@code max}. A key forgets its failures after {@code forgetAfter}
 * without one, or at its next success. Nothing is ever locked for everyone: a key is only ever slowed
 * down by its own failures. In this node's memory, bounded (the least recently seen keys go first).
 */
public final class FailureBackoff {
    private static final int KEYS_KEPT = 10_000;

    private final int free;
    private final long firstDelayMillis;
    private final long maxDelayMillis;
    private final long forgetAfterMillis;
    private final Clock clock;

    private record Failures(int count, long lastAt) {}

    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > KEYS_KEPT;
        }
    };

    public FailureBackoff(int free, Duration firstDelay, Duration max, Duration forgetAfter, Clock clock) {
        if (free < 1
                || firstDelay.isNegative()
                || firstDelay.isZero()
                || max.compareTo(firstDelay) < 0
                || forgetAfter.compareTo(max) < 0) {
            throw new IllegalArgumentException("free >= 1, 0 < firstDelay <= max <= forgetAfter");
        }
        this.free = free;
        this.firstDelayMillis = firstDelay.toMillis();
        this.maxDelayMillis = max.toMillis();
        this.forgetAfterMillis = forgetAfter.toMillis();
        this.clock = clock;
    }

    /** Seconds (rounded up) until the key may try again; 0 when it may now. */
    public synchronized long retryAfterSeconds(String key) {
        Failures f = current(key);
        if (f == null) {
            return 0;
        }
        long left = f.lastAt() + delayAfter(f.count()) - clock.millis();
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    public synchronized void failed(String key) {
        Failures f = current(key);
        failures.put(key, new Failures(f == null ? 1 : f.count() + 1, clock.millis()));
    }

    public synchronized void succeeded(String key) {
        failures.remove(key);
    }

    /** The wait after the {@code count}th failure in a row. */
    long delayAfter(int count) {
        int doublings = count - free;
        if (doublings < 0) {
            return 0;
        }
        if (doublings >= 62 || firstDelayMillis > maxDelayMillis >> doublings) {
            return maxDelayMillis; // (and the shift below cannot overflow)
        }
        return Math.min(maxDelayMillis, firstDelayMillis << doublings);
    }

    private Failures current(String key) {
        Failures f = failures.get(key);
        if (f != null && clock.millis() - f.lastAt() > forgetAfterMillis) {
            failures.remove(key);
            return null;
        }
        return f;
    }
}
