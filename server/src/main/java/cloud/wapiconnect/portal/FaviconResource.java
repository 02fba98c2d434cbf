package cloud.wapiconnect.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * The site's icon, at the address browsers ask for without being told ({@code /favicon.ico}) and the one the
 * pages link ({@code /favicon.svg}): an SVG either way, which every current browser takes.
 */
@Path("/")
@ApplicationScoped
public class FaviconResource {
    @GET
    @Path("favicon.svg")
    public Response svg() {
        return PortalAssetsResource.serve("/portal/assets/favicon.svg", "image/svg+xml", 86_400);
    }

    @GET
    @Path("favicon.ico")
    public Response ico() {
        return svg();
    }
}
