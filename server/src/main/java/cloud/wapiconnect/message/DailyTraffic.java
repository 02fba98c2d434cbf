package cloud.wapiconnect.message;

import java.time.LocalDate;

/**
 * One UTC day of a tenant's message log: outgoing messages {@code sent} (every status but failed: what counts
 * against the daily limit), outgoing ones that {@code failed}, and incoming ones {@code received}.
 */
public record DailyTraffic(LocalDate day, long sent, long failed, long received) {}
