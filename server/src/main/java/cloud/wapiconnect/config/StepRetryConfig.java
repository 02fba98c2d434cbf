package cloud.wapiconnect.config;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * How the background workers (bulk jobs, webhook delivery, the event feed) retry a step that failed on
 * the server's side (the database, a bug) rather than on the network's: the pause starts at
 * {@code WAPI_STEP_RETRY_INITIAL_MS} and doubles up to {@code WAPI_STEP_RETRY_MAX_MS}; after
 * {@code WAPI_STEP_RETRY_ATTEMPTS} failures in a row a bulk job fails with {@code INTERNAL_ERROR}, while
 * the delivery and feed loops, which have nothing to give up, keep trying at the longest pause.
 */
public record StepRetryConfig(Duration initial, Duration max, int attempts) {
    public StepRetryConfig {
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0 || attempts < 1) {
            throw new IllegalArgumentException("0 < initial <= max and attempts >= 1");
        }
    }

    /** Reads and validates the settings; throws {@link InvalidConfigurationException} naming the bad one. */
    public static StepRetryConfig from(Config config) {
        long initial = positive(config, "WAPI_STEP_RETRY_INITIAL_MS");
        long max = positive(config, "WAPI_STEP_RETRY_MAX_MS");
        if (max < initial) {
            throw new InvalidConfigurationException(
                    "WAPI_STEP_RETRY_MAX_MS", String.valueOf(max), "at least WAPI_STEP_RETRY_INITIAL_MS");
        }
        long attempts = positive(config, "WAPI_STEP_RETRY_ATTEMPTS");
        if (attempts > 100) {
            throw new InvalidConfigurationException("WAPI_STEP_RETRY_ATTEMPTS", String.valueOf(attempts), "1 to 100");
        }
        return new StepRetryConfig(Duration.ofMillis(initial), Duration.ofMillis(max), (int) attempts);
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
