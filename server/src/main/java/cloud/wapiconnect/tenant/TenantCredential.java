package cloud.wapiconnect.tenant;

/** What a tenant's API key currently is (its hash) and whether the tenant may use it: what open streams re-check. */
public record TenantCredential(String tenantId, String keyHash, boolean suspended) {}
