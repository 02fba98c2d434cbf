package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.tenant.Caller;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;

/** The tenant the current request authenticated as, and what its key allows; set by {@link TenantAuthFilter}. */
@RequestScoped
public class RequestTenant {
    private Caller caller;

    public Tenant get() {
        return caller().tenant();
    }

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("Resource is missing @TenantAuth");
        }
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
