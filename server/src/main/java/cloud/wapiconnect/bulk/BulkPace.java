package cloud.wapiconnect.bulk;

import cloud.wapiconnect.tenant.Plan;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each tenant's bulk pace: its jobs send at most {@link Plan#maxBulkSendsPerSecond()} recipients a second, all
 * its sessions together, evenly spaced. A job's own pause (delayMin-delayMax) comes first; a session whose turn
 * is not due yet waits for its slot. Without it one tenant's zero-delay jobs on many sessions take every CPU the
 * other tenants' requests need.
 * <p>
 * A slot is reserved, not polled for: sessions of one tenant queue in the order they asked, each told how long
 * to wait. The pace is this node's; in a cluster each node paces the sessions it runs.
 */
@ApplicationScoped
class BulkPace {
    /** Longer than any wait a reservation can bring: never refused, only spaced. */
    private static final Duration NEVER_REFUSED = Duration.ofDays(1);

    private final ConcurrentMap<String, RateLimiter> byTenant = new ConcurrentHashMap<>();

    /** Reserves the tenant's next slot; returns how long to wait for it, in milliseconds (0: now). */
    long reserve(String tenantId, Plan plan) {
        Duration spacing = Duration.ofNanos(1_000_000_000L / Math.max(1, plan.maxBulkSendsPerSecond()));
        RateLimiter limiter = byTenant.compute(
                tenantId,
                (id, current) -> current != null
                                && current.getRateLimiterConfig()
                                        .getLimitRefreshPeriod()
                                        .equals(spacing)
                        ? current
                        : RateLimiter.of(
                                "bulk-" + id,
                                RateLimiterConfig.custom()
                                        .limitForPeriod(1)
                                        .limitRefreshPeriod(spacing)
                                        .timeoutDuration(NEVER_REFUSED)
                                        .build()));
        long nanos = limiter.reservePermission();
        return Math.max(0, (nanos + 999_999) / 1_000_000);
    }
}
