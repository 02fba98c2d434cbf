package cloud.wapiconnect.transport;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per burst, not per event: the first event after a quiet spell is logged at once, later ones
 * are counted and summed up in at most one line per {@link #PERIOD_NANOS minute} while the burst lasts. An
 * attacker opening thousands of connections costs the log a handful of lines.
 */
public final class BurstLog {
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Logger logger;
    private final Level level;
    private long lastLine = System.nanoTime() - PERIOD_NANOS;
    private long pending;
    private String lastDetail = "";

    public BurstLog(Logger logger, Level level) {
        this.logger = logger;
        this.level = level;
    }

    /** Counts an event; logs {@code what} (with the count of events not yet logged) unless a line went out in the last minute. */
    public synchronized void event(String what, String detail) {
        pending++;
        lastDetail = detail == null ? "" : detail;
        long now = System.nanoTime();
        if (now - lastLine >= PERIOD_NANOS) {
            logger.log(
                    level,
                    what + (pending > 1 ? " (" + pending + " times in the last minute)" : "")
                            + (lastDetail.isEmpty() ? "" : ": " + lastDetail)
                            + "; repeats are summed up once a minute");
            pending = 0;
            lastLine = now;
        }
    }

    /** Logs what was counted but not yet logged, once the minute since the last line has passed (call periodically). */
    public synchronized void flush(String what) {
        long now = System.nanoTime();
        if (pending > 0 && now - lastLine >= PERIOD_NANOS) {
            logger.log(
                    level,
                    what + " (" + pending + " times in the last minute)"
                            + (lastDetail.isEmpty() ? "" : ": " + lastDetail));
            pending = 0;
            lastLine = now;
        }
    }
}
