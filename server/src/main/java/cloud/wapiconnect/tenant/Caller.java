package cloud.wapiconnect.tenant;

/** Who made a call: the tenant, and what the key it presented allows. */
public record Caller(Tenant tenant, KeyGrant grant) {}
