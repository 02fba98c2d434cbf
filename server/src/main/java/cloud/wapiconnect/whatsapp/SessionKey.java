package cloud.wapiconnect.whatsapp;

/** Identifies one session across tenants: session ids are unique only within a tenant. */
public record SessionKey(String tenantId, String sessionId) {
    @Override
    public String toString() {
        return tenantId + "/" + sessionId;
    }
}
