package cloud.wapiconnect.worker;

import cloud.wapiconnect.config.StepRetryConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failures in a row of one background step (a bulk job's next send, the webhook outbox scan, a read
 * of the event log): how long to wait before the next attempt, and the few log lines an operator needs.
 *
 * <p>A failing step must never spin. Each failure waits longer (doubling with jitter, up to a cap), and
 * the log gets one line when the step starts failing, none while it keeps failing, and one when it works
 * again; a stack trace only at {@code FINE}. Within a minute of a line about the step, a new streak is
 * counted but not logged, so a step that fails every other time cannot fill the log either. What
 * happens after {@link #exhausted() too many failures} is the owner's call, reported with {@link #report}.
 * Not thread-safe: one instance per worker.
 */
public final class StepFailures {
    private static final long QUIET_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int MAX_TEXT = 300;

    private final String step;
    private final Logger log;
    private final IntervalFunction backoff;
    private final int attempts;
    private int failures;
    private long streakStartedAt;
    private boolean streakLogged;
    private boolean reported;
    private long lastLineAt;
    private boolean anyLine;
    private int quietStreaks;

    /**
     * @param step     what fails, as the log names it ("Bulk job 65f1…", "Reading the event log")
     * @param maxPause the longest pause (at most the configuration's)
     */
    public StepFailures(String step, Logger log, StepRetryConfig config, Duration maxPause) {
        this.step = step;
        this.log = log;
        long max = Math.max(config.initial().toMillis(), Math.min(config.max().toMillis(), maxPause.toMillis()));
        this.backoff =
                IntervalFunction.ofExponentialRandomBackoff(config.initial().toMillis(), 2.0, 0.2, max);
        this.attempts = config.attempts();
    }

    public StepFailures(String step, Logger log, StepRetryConfig config) {
        this(step, log, config, config.max());
    }

    /**
     * Counts a failure and logs it when it starts a streak.
     *
     * @return how long to wait before the next attempt, in milliseconds
     */
    public long failed(Throwable e) {
        failures++;
        long pause = backoff.apply(Math.min(failures, 64)); // at the cap long before: no need to count further
        if (failures == 1) {
            streakStartedAt = System.nanoTime();
            streakLogged = !anyLine || streakStartedAt - lastLineAt >= QUIET_NANOS;
            if (streakLogged) {
                line(
                        Level.WARNING,
                        step + " failed: " + describe(e) + "; trying again with backoff"
                                + (quietStreaks > 0
                                        ? " (" + quietStreaks + " earlier short failures not logged)"
                                        : ""));
                quietStreaks = 0;
            } else {
                quietStreaks++;
            }
            log.log(Level.FINE, step + " failed", e);
        }
        return pause;
    }

    /** Whether the step has failed as many times in a row as the configuration allows. */
    public boolean exhausted() {
        return failures >= attempts;
    }

    public int failures() {
        return failures;
    }

    /** Logs, once per streak, what the owner does about a step that failed too often (one line). */
    public void report(String outcome, Throwable e) {
        if (!reported) {
            reported = true;
            line(
                    Level.SEVERE,
                    step + " failed " + failures + " times in a row over " + streakSeconds() + " s (" + describe(e)
                            + "): " + outcome);
        }
    }

    /** The step worked: the streak ends, with one line if its start was logged. */
    public void succeeded() {
        if (failures > 0 && (streakLogged || reported)) {
            line(
                    Level.INFO,
                    step + " works again after " + failures + " failed attempts over " + streakSeconds() + " s");
        }
        failures = 0;
        streakLogged = false;
        reported = false;
    }

    /** A failure in one line: its root cause first, then the exception that carried it; whitespace folded, length capped. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root == e) {
            return shorten(text, MAX_TEXT);
        }
        // The root cause says what went wrong ("Table 'wapi.events' doesn't exist"); the wrapper, where.
        int rootMax = MAX_TEXT * 2 / 3;
        return shorten(root.getClass().getSimpleName() + ": " + root.getMessage(), rootMax) + " (in "
                + shorten(text, MAX_TEXT - rootMax - 6) + ")";
    }

    private static String shorten(String text, int max) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    private long streakSeconds() {
        return Math.round((System.nanoTime() - streakStartedAt) / 1e9);
    }

    private void line(Level level, String message) {
        lastLineAt = System.nanoTime();
        anyLine = true;
        log.log(level, message);
    }
}
