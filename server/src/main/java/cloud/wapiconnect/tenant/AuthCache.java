package cloud.wapiconnect.tenant;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently authenticated keys, so that a busy client does not cost a database round trip per request.
 * Entries live a few seconds and are dropped the moment this node changes the tenant (key reset,
 * suspension, plan change). Keyed by the key's hash: the cache holds no secret.
 */
final class AuthCache {
    private static final long TTL_NANOS = 5_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Tenant tenant, long expiresAt) {}

    private final Map<String, Entry> byKeyHash = new ConcurrentHashMap<>();

    Optional<Tenant> get(String keyHash) {
        Entry entry = byKeyHash.get(keyHash);
        if (entry == null || System.nanoTime() - entry.expiresAt() > 0) {
            return Optional.empty();
        }
        return Optional.of(entry.tenant());
    }

    void put(String keyHash, Tenant tenant) {
        if (byKeyHash.size() >= MAX_ENTRIES) {
            byKeyHash.clear();
        }
        byKeyHash.put(keyHash, new Entry(tenant, System.nanoTime() + TTL_NANOS));
    }

    void forget(String tenantId) {
        byKeyHash.values().removeIf(entry -> entry.tenant().id().equals(tenantId));
    }
}
