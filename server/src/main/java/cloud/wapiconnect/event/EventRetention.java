package cloud.wapiconnect.event;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the event log to {@code WAPI_EVENT_RETENTION_DAYS}: once an hour, deletes the events older than
 * that, in id order and in small transactions, and records how far it got so that a stream resuming
 * from before that point is told ({@code EVENTS_EXPIRED}) instead of silently missing events.
 */
@ApplicationScoped
public class EventRetention {
    private static final Logger LOG = Logger.getLogger(EventRetention.class.getName());
    private static final long CHUNK = 10_000;

    private final EventFeedRepository feed;
    private final long retentionMillis;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    @Inject
    public EventRetention(EventFeedRepository feed, WapiConfig config, Clock clock) {
        this.feed = feed;
        this.retentionMillis = config.events().retention().toMillis();
        this.clock = clock;
    }

    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("event-retention").factory());
            scheduler.scheduleWithFixedDelay(this::purgeExpired, 1, 60, TimeUnit.MINUTES);
        }
    }

    private void purgeExpired() {
        try {
            long deleted = purgeOlderThan(clock.millis() - retentionMillis);
            if (deleted > 0) {
                LOG.info(() -> "Event log: deleted " + deleted + " events older than the retention period");
            }
        } catch (RuntimeException e) {
            // One line, as every background step logs a failure; the stack trace only at FINE.
            LOG.warning(
                    () -> "Purging the event log failed: " + StepFailures.describe(e) + "; trying again in an hour");
            LOG.log(Level.FINE, "Purging the event log failed", e);
        }
    }

    /**
     * Deletes every event up to the newest one written before {@code cutoffMillis} (ids are not quite in
     * time order, so this is by id: it leaves no hole behind the recorded watermark).
     *
     * @return how many events were deleted
     */
    public long purgeOlderThan(long cutoffMillis) {
        long through = feed.maxIdBefore(cutoffMillis);
        long from = feed.purgedThrough();
        long deleted = 0;
        while (from < through) {
            long to = Math.min(through, from + CHUNK);
            deleted += feed.purge(from, to);
            from = to;
        }
        return deleted;
    }

    /** No more purges; one under way finishes first (an interrupt would break its database call). */
    @PreDestroy
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
