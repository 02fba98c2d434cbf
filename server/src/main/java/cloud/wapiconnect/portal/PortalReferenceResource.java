package cloud.wapiconnect.portal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The REST API's reference, readable in a browser: Swagger UI (read-only) over {@code /openapi}, served by the
 * server itself. Open to all, as {@code /openapi} is.
 */
@Path("/portal/api-reference")
@ApplicationScoped
public class PortalReferenceResource {
    @Inject
    PortalTemplates templates;

    @GET
    @Produces(MediaType.TEXT_HTML + "; charset=UTF-8")
    public String page() {
        return templates.render("api-reference", Map.of());
    }
}
