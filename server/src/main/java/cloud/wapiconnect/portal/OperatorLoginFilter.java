package cloud.wapiconnect.portal;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/** Sends browsers without the operator's login to the operator's login page. */
@Provider
@OperatorLogin
@Priority(Priorities.AUTHORIZATION)
public class OperatorLoginFilter implements ContainerRequestFilter {
    @Inject
    PortalRequest portal;

    @Override
    public void filter(ContainerRequestContext request) {
        if (portal.login().filter(l -> l.operator()).isEmpty()) {
            request.abortWith(
                    Response.seeOther(URI.create("/portal/operator/login")).build());
        }
    }
}
