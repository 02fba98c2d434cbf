package cloud.wapiconnect.account;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed logins per client address in a sliding window, in this node's memory: it slows down one address
 * trying many accounts (the growing waits of {@link cloud.wapiconnect.net.FailureBackoff}, per account and address,
 * slow down one address trying one account). Bounded: the least recently seen addresses are forgotten first.
 */
final class AddressThrottle {
    private static final int ADDRESSES_KEPT = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > ADDRESSES_KEPT;
        }
    };

    AddressThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Seconds until the address may try again; 0 when it may now. */
    synchronized long retryAfterSeconds(String address) {
        Deque<Long> times = recent(address);
        if (times == null || times.size() < maxFailures) {
            return 0;
        }
        return Math.max(1, (times.peekFirst() + window.toMillis() - clock.millis() + 999) / 1000);
    }

    synchronized void failed(String address) {
        failures.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(clock.millis());
        recent(address);
    }

    private Deque<Long> recent(String address) {
        Deque<Long> times = failures.get(address);
        if (times == null) {
            return null;
        }
        long cutoff = clock.millis() - window.toMillis();
        for (Iterator<Long> it = times.iterator(); it.hasNext(); ) {
            if (it.next() <= cutoff) {
                it.remove();
            } else {
                break;
            }
        }
        while (times.size() > maxFailures) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(address);
            return null;
        }
        return times;
    }
}
