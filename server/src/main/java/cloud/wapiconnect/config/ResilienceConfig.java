package cloud.wapiconnect.config;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * The thresholds of the resilience policies, one per call site that crosses the network
 * ({@code cloud.wapiconnect.resilience.Resilience} builds the policies from them). The defaults are in
 * {@code META-INF/microprofile-config.properties}.
 *
 * @param webhook        the circuit breaker each webhook endpoint gets (policy {@code webhook})
 * @param mediaFetch     the retry of a {@code mediaUrl} fetch (policy {@code media-fetch})
 * @param bridgeRestart  when the whatsapp engine's bridge is restarted, and how soon (policy {@code bridge-restart})
 */
public record ResilienceConfig(BreakerPolicy webhook, RetryPolicy mediaFetch, RestartPolicy bridgeRestart) {

    /**
     * A circuit breaker over a count-based window: it opens when at least {@code failureRate} percent of the
     * last {@code window} calls failed (once {@code minimumCalls} were made), stays open {@code openFor}, then
     * lets {@code halfOpenCalls} calls probe.
     *
     * @param window         {@code WAPI_WEBHOOK_BREAKER_WINDOW}: calls the failure rate is taken over
     * @param minimumCalls   {@code WAPI_WEBHOOK_BREAKER_MIN_CALLS}: calls before the rate counts
     * @param failureRate    {@code WAPI_WEBHOOK_BREAKER_FAILURE_RATE}: percent of failed calls that opens it
     * @param openFor        {@code WAPI_WEBHOOK_BREAKER_OPEN_MS}: how long it stays open; unset means
     *                       {@code WAPI_WEBHOOK_RETRY_INITIAL_MS} x 4, at most 60 s (so that short retries
     *                       keep short pauses)
     * @param halfOpenCalls  {@code WAPI_WEBHOOK_BREAKER_HALF_OPEN_CALLS}: calls let through to probe
     */
    public record BreakerPolicy(int window, int minimumCalls, int failureRate, Duration openFor, int halfOpenCalls) {
        public BreakerPolicy {
            if (window < 1
                    || minimumCalls < 1
                    || failureRate < 1
                    || failureRate > 100
                    || openFor.isNegative()
                    || openFor.isZero()
                    || halfOpenCalls < 1) {
                throw new IllegalArgumentException(
                        "window, minimum calls, open time and half-open calls > 0; failure rate 1..100");
            }
        }
    }

    /**
     * A retry: at most {@code attempts} tries in all, the pause before the second {@code initialInterval},
     * doubling after each further failure.
     *
     * @param attempts         {@code WAPI_MEDIA_FETCH_ATTEMPTS}: tries in all, the first included
     * @param initialInterval  {@code WAPI_MEDIA_FETCH_RETRY_INITIAL_MS}: the pause before the second try
     */
    public record RetryPolicy(int attempts, Duration initialInterval) {
        public RetryPolicy {
            if (attempts < 1 || initialInterval.isNegative() || initialInterval.isZero()) {
                throw new IllegalArgumentException("attempts >= 1 and a positive interval");
            }
        }
    }

    /**
     * A supervised process's restart: after {@code missedPings} health checks in a row go unanswered it is
     * restarted; each restart waits {@code initialDelay}, doubling with every start that fails in a row, up to
     * {@code maxDelay}.
     *
     * @param missedPings   {@code WAPI_BRIDGE_MISSED_PINGS}: unanswered health checks in a row that restart it
     * @param initialDelay  {@code WAPI_BRIDGE_RESTART_INITIAL_MS}: the pause before a restart
     * @param maxDelay      {@code WAPI_BRIDGE_RESTART_MAX_MS}: the longest pause, however many starts failed
     */
    public record RestartPolicy(int missedPings, Duration initialDelay, Duration maxDelay) {
        public RestartPolicy {
            if (missedPings < 1
                    || initialDelay.isNegative()
                    || initialDelay.isZero()
                    || maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("missed pings >= 1 and 0 < initial delay <= max delay");
            }
        }
    }

    /** The breaker's pause when {@code WAPI_WEBHOOK_BREAKER_OPEN_MS} is unset: 4 x the first retry pause, at most 60 s. */
    static Duration defaultBreakerOpenFor(long webhookRetryInitialMs) {
        return Duration.ofMillis(Math.min(60_000, webhookRetryInitialMs * 4));
    }

    /** Reads and validates the settings; throws {@link InvalidConfigurationException} naming the bad one. */
    public static ResilienceConfig from(Config config) {
        long failureRate = positive(config, "WAPI_WEBHOOK_BREAKER_FAILURE_RATE");
        if (failureRate > 100) {
            throw new InvalidConfigurationException(
                    "WAPI_WEBHOOK_BREAKER_FAILURE_RATE", String.valueOf(failureRate), "a percentage from 1 to 100");
        }
        Duration openFor = config.getOptionalValue("WAPI_WEBHOOK_BREAKER_OPEN_MS", String.class)
                .filter(v -> !v.isBlank())
                .map(v -> Duration.ofMillis(positive(config, "WAPI_WEBHOOK_BREAKER_OPEN_MS")))
                .orElseGet(() -> defaultBreakerOpenFor(positive(config, "WAPI_WEBHOOK_RETRY_INITIAL_MS")));
        BreakerPolicy webhook = new BreakerPolicy(
                count(config, "WAPI_WEBHOOK_BREAKER_WINDOW"),
                count(config, "WAPI_WEBHOOK_BREAKER_MIN_CALLS"),
                (int) failureRate,
                openFor,
                count(config, "WAPI_WEBHOOK_BREAKER_HALF_OPEN_CALLS"));

        int attempts = count(config, "WAPI_MEDIA_FETCH_ATTEMPTS");
        if (attempts > 10) {
            throw new InvalidConfigurationException("WAPI_MEDIA_FETCH_ATTEMPTS", String.valueOf(attempts), "1 to 10");
        }
        RetryPolicy mediaFetch =
                new RetryPolicy(attempts, Duration.ofMillis(positive(config, "WAPI_MEDIA_FETCH_RETRY_INITIAL_MS")));

        long initial = positive(config, "WAPI_BRIDGE_RESTART_INITIAL_MS");
        long max = positive(config, "WAPI_BRIDGE_RESTART_MAX_MS");
        if (max < initial) {
            throw new InvalidConfigurationException(
                    "WAPI_BRIDGE_RESTART_MAX_MS", String.valueOf(max), "at least WAPI_BRIDGE_RESTART_INITIAL_MS");
        }
        RestartPolicy bridgeRestart = new RestartPolicy(
                count(config, "WAPI_BRIDGE_MISSED_PINGS"), Duration.ofMillis(initial), Duration.ofMillis(max));
        return new ResilienceConfig(webhook, mediaFetch, bridgeRestart);
    }

    private static int count(Config config, String name) {
        long value = positive(config, name);
        if (value > 1_000_000) {
            throw new InvalidConfigurationException(name, String.valueOf(value), "a positive integer up to 1000000");
        }
        return (int) value;
    }

    private static long positive(Config config, String name) {
        String raw = config.getOptionalValue(name, String.class)
                .orElseThrow(() -> new InvalidConfigurationException(name, "(unset)", "a positive integer"));
        try {
            long value = Long.parseLong(raw.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException(name, raw, "a positive integer");
    }
}
