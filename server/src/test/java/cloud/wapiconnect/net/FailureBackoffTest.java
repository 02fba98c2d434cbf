package cloud.wapiconnect.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FailureBackoffTest {
    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
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
    private final FailureBackoff backoff =
            new FailureBackoff(3, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(15), clock);

    @Test
    void theFirstFailuresCostNothingThenEachWaitDoublesUpToTheMaximum() {
        for (int i = 0; i < 2; i++) {
            assertEquals(0, backoff.retryAfterSeconds("a"));
            backoff.failed("a");
        }
        assertEquals(0, backoff.retryAfterSeconds("a"));
        long[] waits = {1, 2, 4, 8, 10, 10}; // after the 3rd failure, the 4th, ...
        for (long wait : waits) {
            backoff.failed("a");
            assertEquals(wait, backoff.retryAfterSeconds("a"));
            now = now.plusMillis(wait * 1000 - 1);
            assertEquals(1, backoff.retryAfterSeconds("a"), "rounded up");
            now = now.plusMillis(1);
            assertEquals(0, backoff.retryAfterSeconds("a"));
        }
    }

    @Test
    void onlyTheKeyThatFailedWaits() {
        for (int i = 0; i < 4; i++) {
            backoff.failed("attacker");
        }
        assertEquals(2, backoff.retryAfterSeconds("attacker"));
        assertEquals(0, backoff.retryAfterSeconds("owner"));
    }

    @Test
    void aSuccessOrAQuietSpellForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            backoff.failed("a");
            backoff.failed("b");
        }
        backoff.succeeded("a");
        assertEquals(0, backoff.retryAfterSeconds("a"));
        now = now.plus(Duration.ofMinutes(15)).plusMillis(1);
        backoff.failed("b");
        assertEquals(0, backoff.retryAfterSeconds("b"), "counted from one again");
    }

    @Test
    void hugeCountsStayAtTheMaximum() {
        for (int i = 0; i < 200; i++) {
            backoff.failed("a");
        }
        assertEquals(10, backoff.retryAfterSeconds("a"));
        assertEquals(10_000, backoff.delayAfter(Integer.MAX_VALUE));
    }
}
