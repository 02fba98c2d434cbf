package cloud.wapiconnect.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The portal's stylesheet and script, served from the class path: nothing is fetched from elsewhere at run time. */
@Path("/portal/assets")
@ApplicationScoped
public class PortalAssetsResource {
    private static final Map<String, String> ASSETS = Map.of(
            "portal.css", "text/css; charset=UTF-8",
            "portal.js", "text/javascript; charset=UTF-8");

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundException();
        }
        try (InputStream in = getClass().getResourceAsStream("/portal/assets/" + name)) {
            CacheControl cache = new CacheControl();
            cache.setMaxAge(300);
            return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
