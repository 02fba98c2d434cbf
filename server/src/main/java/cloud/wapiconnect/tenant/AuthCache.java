package cloud.wapiconnect.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recently authenticated keys (the tenant and what the key allows), so that a busy client does not cost a database round trip per request.
 * Entries are dropped when the tenant changes (key reset, suspension, plan change): at once on the node that made
 * the change, within {@link TenantChanges#POLL} on the others; and they live a few seconds at most, for a change
 * made in the database directly. Keyed by the key's hash: the cache holds no secret.
 */
@ApplicationScoped
class AuthCache {
    private static final long TTL_NANOS = 5_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Caller caller, long expiresAt) {}

    private final Map<String, Entry> byKeyHash = new ConcurrentHashMap<>();
    /** Counts {@link #forget}s: a tenant read before one must not be cached after it. */
    private final AtomicLong forgets = new AtomicLong();

    Optional<Caller> get(String keyHash) {
        Entry entry = byKeyHash.get(keyHash);
        if (entry == null || System.nanoTime() - entry.expiresAt() > 0) {
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** Taken before reading a tenant from the database, for {@link #put}. */
    long stamp() {
        return forgets.get();
    }

    /**
     * Caches a caller read from the database (a grant's own expiry is checked on every use, not here), unless something was forgotten since {@code stamp}: the read may
     * have seen the tenant as it was before a change that committed meanwhile.
     */
    void put(String keyHash, Caller caller, long stamp) {
        if (forgets.get() != stamp) {
            return;
        }
        if (byKeyHash.size() >= MAX_ENTRIES) {
            byKeyHash.clear();
        }
        Entry entry = new Entry(caller, System.nanoTime() + TTL_NANOS);
        byKeyHash.put(keyHash, entry);
        if (forgets.get() != stamp) {
            byKeyHash.remove(keyHash, entry); // a forget that came between the check and the put
        }
    }

    void forget(String tenantId) {
        forgets.incrementAndGet();
        byKeyHash.values().removeIf(entry -> entry.caller().tenant().id().equals(tenantId));
    }
}
