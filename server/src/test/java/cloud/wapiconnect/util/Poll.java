package cloud.wapiconnect.util;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that another process or thread makes true, asking it again every few milliseconds. */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Poll() {}

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError when it does not hold within {@code within} ("Timed out waiting for " + what)
     */
    public static void until(BooleanSupplier condition, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }
}
