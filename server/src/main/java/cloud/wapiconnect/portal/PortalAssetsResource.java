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
import java.util.Properties;

/**
 * The portal's stylesheet, scripts and icon, and Swagger UI for the API reference page (from its webjar, pinned in
 * the build), served from the class path: nothing is fetched from elsewhere at run time.
 */
@Path("/portal/assets")
@ApplicationScoped
public class PortalAssetsResource {
    private static final Map<String, String> ASSETS = Map.of(
            "portal.css", "text/css; charset=UTF-8",
            "portal.js", "text/javascript; charset=UTF-8",
            "campaigns.js", "text/javascript; charset=UTF-8",
            "api-reference.js", "text/javascript; charset=UTF-8",
            "favicon.svg", "image/svg+xml");
    private static final Map<String, String> SWAGGER_UI = Map.of(
            "swagger-ui.css", "text/css; charset=UTF-8",
            "swagger-ui-bundle.js", "text/javascript; charset=UTF-8");
    private static final String SWAGGER_UI_DIR = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        String type = ASSETS.get(name);
        if (type == null) {
            throw new NotFoundException();
        }
        return serve("/portal/assets/" + name, type, 300);
    }

    /** Swagger UI's script and stylesheet: a day in the cache (a new version comes with a new server). */
    @GET
    @Path("/swagger-ui/{name}")
    public Response swaggerUi(@PathParam("name") String name) {
        String type = SWAGGER_UI.get(name);
        if (type == null) {
            throw new NotFoundException();
        }
        return serve(SWAGGER_UI_DIR + name, type, 86_400);
    }

    static Response serve(String resource, String type, int maxAgeSeconds) {
        try (InputStream in = PortalAssetsResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new NotFoundException();
            }
            CacheControl cache = new CacheControl();
            cache.setMaxAge(maxAgeSeconds);
            return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        try (InputStream in = PortalAssetsResource.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
