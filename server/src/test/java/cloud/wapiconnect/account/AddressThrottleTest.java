package cloud.wapiconnect.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AddressThrottleTest {
    private Instant now = Instant.parse("2026-11-28T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anAddressWaitsAfterTooManyFailuresUntilTheOldestLeavesTheWindow() {
        AddressThrottle throttle = new AddressThrottle(3, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
            throttle.failed("10.0.0.1");
            now = now.plusSeconds(60);
        }
        long wait = throttle.retryAfterSeconds("10.0.0.1");
        assertEquals(12 * 60, wait, "the first failure leaves the window 15 minutes after it happened");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2"), "other addresses are not affected");
        now = now.plusSeconds(wait);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
    }

    @Test
    void forgetsTheLeastRecentlySeenAddressesBeyondItsBound() {
        AddressThrottle throttle = new AddressThrottle(1, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 10_001; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertEquals(0, throttle.retryAfterSeconds("10.1.0.0"), "the oldest was dropped to stay bounded");
        assertTrue(throttle.retryAfterSeconds("10.1.39.16") > 0, "the newest is still throttled");
    }
}
