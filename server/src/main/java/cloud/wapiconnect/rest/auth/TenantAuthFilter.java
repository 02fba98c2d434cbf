package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.tenant.Caller;
import cloud.wapiconnect.tenant.KeyScope;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * Authenticates the {@code X-API-Key} and checks, in this one place for every REST endpoint, that the key's scopes
 * allow what the endpoint declares ({@link KeyAccess}).
 */
@Provider
@TenantAuth
@Priority(Priorities.AUTHENTICATION)
public class TenantAuthFilter implements ContainerRequestFilter {
    public static final String HEADER = "X-API-Key";
    /** The parameter, in the path or else the query, naming the session a call is about. */
    static final String SESSION_PARAMETER = "sessionId";

    @Inject
    TenantService tenants;

    @Inject
    RequestTenant requestTenant;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Caller caller = tenants.caller(request.getHeaderString(HEADER));
        KeyAccess access = declared(resource.getResourceMethod());
        if (access == null) {
            // Refused rather than let through: KeyAccessDeclaredTest names the method.
            throw new IllegalStateException(
                    "No @KeyAccess on " + resource.getResourceMethod() + ": every @TenantAuth endpoint declares one");
        }
        KeyScope.require(caller.grant(), access.value(), sessionOf(request.getUriInfo()));
        requestTenant.set(caller);
        LogContext.tenantId(caller.tenant().id());
    }

    /** The access a resource method declares: its own, else its class's; null when neither does. */
    public static KeyAccess declared(Method method) {
        KeyAccess own = method.getAnnotation(KeyAccess.class);
        return own != null ? own : method.getDeclaringClass().getAnnotation(KeyAccess.class);
    }

    private static String sessionOf(UriInfo uri) {
        String fromPath = uri.getPathParameters().getFirst(SESSION_PARAMETER);
        return fromPath != null ? fromPath : uri.getQueryParameters().getFirst(SESSION_PARAMETER);
    }
}
