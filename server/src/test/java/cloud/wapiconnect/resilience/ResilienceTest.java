package cloud.wapiconnect.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.ResilienceConfig;
import cloud.wapiconnect.util.ShippedConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilienceTest {
    private final Resilience defaults = new Resilience(ResilienceConfig.from(ShippedConfig.with(Map.of())));

    @Test
    void eachWebhookEndpointHasItsOwnBreakerWithTheWebhookPolicy() {
        CircuitBreaker a = defaults.webhookBreaker("endpoint-a");
        assertSame(a, defaults.webhookBreaker("endpoint-a"), "one breaker per endpoint, kept");
        assertNotSame(a, defaults.webhookBreaker("endpoint-b"));
        assertEquals("webhook:endpoint-a", a.getName());
        CircuitBreakerConfig policy = a.getCircuitBreakerConfig();
        assertEquals(20, policy.getSlidingWindowSize());
        assertEquals(10, policy.getMinimumNumberOfCalls());
        assertEquals(50f, policy.getFailureRateThreshold());
        assertEquals(1, policy.getPermittedNumberOfCallsInHalfOpenState());
        assertEquals(Duration.ofSeconds(20), defaults.webhookBreakerOpenFor());
        assertEquals(20_000, policy.getWaitIntervalFunctionInOpenState().apply(1));
    }

    @Test
    void theWebhookBreakerOpensWhenHalfOfTenCallsFailed() {
        CircuitBreaker breaker = defaults.webhookBreaker("failing");
        for (int i = 0; i < 9; i++) {
            breaker.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("down"));
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState(), "fewer than 10 calls never open it");
        breaker.onSuccess(1, TimeUnit.MILLISECONDS);
        assertEquals(CircuitBreaker.State.OPEN, breaker.getState());
        assertFalse(breaker.tryAcquirePermission());
    }

    @Test
    void aMediaFetchIsTriedThreeTimesWithDoublingPausesAndOnlyForRetryableFailures() {
        Retry retry = defaults.mediaFetchRetry(e -> e instanceof IllegalStateException);
        assertEquals("media-fetch", retry.getName());
        assertEquals(3, retry.getRetryConfig().getMaxAttempts());
        assertEquals(3, defaults.mediaFetchAttempts());
        assertEquals(200L, retry.getRetryConfig().getIntervalBiFunction().apply(1, null));
        assertEquals(400L, retry.getRetryConfig().getIntervalBiFunction().apply(2, null));

        AtomicInteger tries = new AtomicInteger();
        Retry fast = new Resilience(
                        ResilienceConfig.from(ShippedConfig.with(Map.of("WAPI_MEDIA_FETCH_RETRY_INITIAL_MS", "1"))))
                .mediaFetchRetry(e -> e instanceof IllegalStateException);
        try {
            fast.executeCallable(() -> {
                tries.incrementAndGet();
                throw new IllegalStateException("5xx");
            });
        } catch (Exception expected) {
            assertTrue(expected instanceof IllegalStateException, expected.toString());
        }
        assertEquals(3, tries.get());
        tries.set(0);
        try {
            fast.executeCallable(() -> {
                tries.incrementAndGet();
                throw new IllegalArgumentException("forbidden");
            });
        } catch (Exception expected) {
            assertTrue(expected instanceof IllegalArgumentException, expected.toString());
        }
        assertEquals(1, tries.get(), "a failure the call site does not retry ends at once");
    }

    /** The bridge's supervisor waited min(30 s, 250 ms << min(failed starts, 7)) and gave up after 3 missed pings. */
    @Test
    void theBridgeRestartsAsItAlwaysDidByDefault() {
        Resilience.Restart restart = defaults.bridgeRestart();
        assertEquals(3, restart.missedPings());
        for (int failedStarts = 0; failedStarts <= 40; failedStarts++) {
            long before = Math.min(30_000, 250L << Math.min(failedStarts, 7));
            assertEquals(
                    Duration.ofMillis(before), restart.delay(failedStarts), "after " + failedStarts + " failed starts");
        }
    }
}
