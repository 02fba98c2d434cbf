package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.tenant.OperatorKey;
import io.helidon.webserver.http.ServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

@Provider
@AdminAuth
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {
    public static final String HEADER = "X-Admin-Key";

    @Inject
    OperatorKey operatorKey;

    @Context
    ServerRequest server;

    @Override
    public void filter(ContainerRequestContext request) {
        operatorKey.authenticate(request.getHeaderString(HEADER), ClientAddress.of(server));
    }
}
