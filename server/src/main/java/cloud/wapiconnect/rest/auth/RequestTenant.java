package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the current request authenticated as; set by {@link TenantAuthFilter}. */
@RequestScoped
public class RequestTenant {
    private Tenant tenant;

    public Tenant get() {
        if (tenant == null) {
            throw new IllegalStateException("Resource is missing @TenantAuth");
        }
        return tenant;
    }

    void set(Tenant tenant) {
        this.tenant = tenant;
    }
}
