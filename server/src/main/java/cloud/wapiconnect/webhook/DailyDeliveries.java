package cloud.wapiconnect.webhook;

import java.time.LocalDate;

/**
 * One UTC day of a tenant's webhook deliveries (by the day each was queued) and where they stand now:
 * {@code delivered}, {@code pending} (waiting or being retried), {@code dead} (retries ran out), {@code cancelled}
 * (the endpoint was deleted or disabled).
 */
public record DailyDeliveries(LocalDate day, long delivered, long pending, long dead, long cancelled) {
    public long total() {
        return delivered + pending + dead + cancelled;
    }
}
