package cloud.wapiconnect.config;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * {@code WAPI_DB_LOCK_TIMEOUT_MS}: how long a statement waits for a row or table lock before the database
 * gives up (H2's {@code LOCK_TIMEOUT}; MariaDB's {@code innodb_lock_wait_timeout}, in whole seconds, at
 * least 1), the same on both databases. A transaction that times out is run again (up to 3 times) and a
 * background step after that backs off ({@link StepRetryConfig}): a lock wait is contention, never a failure
 * that ends a worker.
 */
public record LockTimeoutConfig(Duration timeout) {
    public static LockTimeoutConfig from(Config config) {
        String raw = config.getOptionalValue("WAPI_DB_LOCK_TIMEOUT_MS", String.class)
                .orElse("5000")
                .trim();
        try {
            long ms = Long.parseLong(raw);
            if (ms >= 100 && ms <= 3_600_000) {
                return new LockTimeoutConfig(Duration.ofMillis(ms));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidConfigurationException("WAPI_DB_LOCK_TIMEOUT_MS", raw, "100 to 3600000 (ms)");
    }

    /** The statement that sets it on a new connection of the given JDBC URL's database. */
    public String initSql(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:")
                ? "SET LOCK_TIMEOUT " + timeout.toMillis()
                : "SET SESSION innodb_lock_wait_timeout = " + Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
