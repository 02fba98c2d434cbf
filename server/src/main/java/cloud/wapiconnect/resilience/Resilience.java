package cloud.wapiconnect.resilience;

import cloud.wapiconnect.config.ResilienceConfig;
import cloud.wapiconnect.config.ResilienceConfig.RestartPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one home of the resilience policies: where the server calls over the network, each call site takes its
 * named policy from here, with the thresholds of {@link ResilienceConfig}. The circuit breakers and retries
 * live in shared resilience4j registries under the call site's name.
 * <ul>
 *   <li>{@value #WEBHOOK}: a circuit breaker per webhook endpoint (named {@code webhook:<endpoint id>});</li>
 *   <li>{@value #MEDIA_FETCH}: the retry of fetching a {@code mediaUrl} (connect errors and 5xx answers);</li>
 *   <li>{@value #BRIDGE_RESTART}: when the whatsapp engine's bridge process is restarted and after which pause.</li>
 * </ul>
 */
@ApplicationScoped
public class Resilience {
    public static final String WEBHOOK = "webhook";
    public static final String MEDIA_FETCH = "media-fetch";
    public static final String BRIDGE_RESTART = "bridge-restart";

    private final ResilienceConfig config;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;

    @Inject
    public Resilience(ResilienceConfig config) {
        this.config = config;
        ResilienceConfig.BreakerPolicy webhook = config.webhook();
        this.breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.addConfiguration(
                WEBHOOK,
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(webhook.window())
                        .minimumNumberOfCalls(webhook.minimumCalls())
                        .failureRateThreshold(webhook.failureRate())
                        .waitDurationInOpenState(webhook.openFor())
                        .permittedNumberOfCallsInHalfOpenState(webhook.halfOpenCalls())
                        .build());
        this.retries = RetryRegistry.ofDefaults();
        retries.addConfiguration(
                MEDIA_FETCH,
                RetryConfig.custom()
                        .maxAttempts(config.mediaFetch().attempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(
                                config.mediaFetch().initialInterval(), 2.0))
                        .build());
    }

    /** The circuit breaker of one webhook endpoint (policy {@value #WEBHOOK}), the same one for every call to it. */
    public CircuitBreaker webhookBreaker(String endpointId) {
        return breakers.circuitBreaker(WEBHOOK + ":" + endpointId, WEBHOOK);
    }

    /** How long a webhook endpoint's open breaker stops calls before it lets a probe through. */
    public Duration webhookBreakerOpenFor() {
        return config.webhook().openFor();
    }

    /**
     * The retry of fetching a {@code mediaUrl} (policy {@value #MEDIA_FETCH}); only failures {@code retryOn}
     * accepts are tried again, the rest end the fetch at once.
     */
    public Retry mediaFetchRetry(Predicate<Throwable> retryOn) {
        RetryConfig policy = retries.getConfiguration(MEDIA_FETCH).orElseThrow();
        return retries.retry(
                MEDIA_FETCH, RetryConfig.from(policy).retryOnException(retryOn).build());
    }

    /** Tries in all (the first included) of one {@code mediaUrl} fetch. */
    public int mediaFetchAttempts() {
        return config.mediaFetch().attempts();
    }

    /** When the bridge process is restarted and after which pause (policy {@value #BRIDGE_RESTART}). */
    public Restart bridgeRestart() {
        return new Restart(config.bridgeRestart());
    }

    /** A restart policy: when to give up on a process that stopped answering, and how long to wait before each start. */
    public static final class Restart {
        private final int missedPings;
        private final IntervalFunction backoff;

        Restart(RestartPolicy policy) {
            this.missedPings = policy.missedPings();
            this.backoff = IntervalFunction.ofExponentialBackoff(policy.initialDelay(), 2.0, policy.maxDelay());
        }

        /** Unanswered health checks in a row after which the process counts as failed. */
        public int missedPings() {
            return missedPings;
        }

        /** The pause before the next start when {@code failedStarts} starts in a row have failed (0: none). */
        public Duration delay(int failedStarts) {
            return Duration.ofMillis(backoff.apply(failedStarts + 1));
        }
    }
}
