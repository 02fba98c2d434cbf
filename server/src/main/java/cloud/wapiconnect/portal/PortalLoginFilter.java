package cloud.wapiconnect.portal;

import cloud.wapiconnect.account.Login;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;

/** Sends browsers without a tenant login to the login page (and the live JSON calls a 401). */
@Provider
@PortalLogin
@Priority(Priorities.AUTHORIZATION)
public class PortalLoginFilter implements ContainerRequestFilter {
    @Inject
    PortalRequest portal;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<Login> login = portal.login().filter(l -> l.tenant().isPresent());
        if (login.isEmpty()) {
            if (request.getUriInfo().getPath().startsWith("portal/api/")) {
                throw new WapiException(ErrorCode.UNAUTHORIZED, "Log in again: this page's login has ended");
            }
            request.abortWith(Response.seeOther(URI.create("/portal/login")).build());
            return;
        }
        portal.tenant(login.get().tenant().get());
    }
}
