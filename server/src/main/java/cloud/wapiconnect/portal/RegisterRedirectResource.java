package cloud.wapiconnect.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * {@code /register}, where the API document sends new users ("portal.wapiconnect.cloud/register"), leads to
 * the sign-up page; {@code /portal/register} is answered by {@link PortalAccountResource}.
 */
@Path("/register")
@ApplicationScoped
public class RegisterRedirectResource {
    @GET
    public Response register() {
        return PortalPages.redirect("/portal/signup");
    }
}
