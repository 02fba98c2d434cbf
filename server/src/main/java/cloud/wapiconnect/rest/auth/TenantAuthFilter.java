package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

@Provider
@TenantAuth
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthFilter implements ContainerRequestFilter {
    public static final String HEADER = "X-API-Key";

    @Inject
    TenantService tenants;

    @Inject
    RequestTenant requestTenant;

    @Override
    public void filter(ContainerRequestContext request) {
        Tenant tenant = tenants.authenticate(request.getHeaderString(HEADER));
        requestTenant.set(tenant);
        LogContext.tenantId(tenant.id());
    }
}
