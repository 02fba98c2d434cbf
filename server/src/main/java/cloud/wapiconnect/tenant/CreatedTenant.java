package cloud.wapiconnect.tenant;

/** A new tenant with its API key: the only moment the key is known in full. */
public record CreatedTenant(Tenant tenant, String apiKey) {}
