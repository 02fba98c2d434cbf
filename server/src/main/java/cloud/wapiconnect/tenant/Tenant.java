package cloud.wapiconnect.tenant;

/** A customer of the gateway: owns sessions, an API key and a plan. */
public record Tenant(String id, String name, String email, String planId, boolean suspended, long createdAt) {}
