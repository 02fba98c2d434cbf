package cloud.wapiconnect.tenant;

import java.util.Set;

/**
 * What keys currently authenticate a tenant (their hashes: its own key, its named keys not expired, keys in a
 * rotation's grace period) and whether the tenant may use them: what open streams re-check.
 */
public record TenantCredential(String tenantId, Set<String> keyHashes, boolean suspended) {
    public TenantCredential {
        keyHashes = Set.copyOf(keyHashes);
    }

    /** A tenant with its own key only. */
    public TenantCredential(String tenantId, String keyHash, boolean suspended) {
        this(tenantId, Set.of(keyHash), suspended);
    }
}
