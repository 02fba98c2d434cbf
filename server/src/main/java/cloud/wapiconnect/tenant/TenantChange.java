package cloud.wapiconnect.tenant;

/** A change to a tenant that every node must see within a second: what cached copies of it to drop. */
public record TenantChange(String tenantId, Kind kind) {
    public enum Kind {
        /** The API key was replaced: calls with the old key are refused, streams opened with it end. */
        API_KEY,
        /** The tenant was suspended, reinstated or moved to another plan. */
        ACCOUNT,
        /** A webhook endpoint of the tenant was created, saved or deleted. */
        WEBHOOKS;

        static Kind fromColumn(String value) {
            return valueOf(value);
        }
    }
}
