package cloud.wapiconnect.rest;

import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Redirects keep the relative {@code Location} they are built with (the portal's, {@code /register}).
 * Jersey would otherwise make them absolute from the request's {@code Host} header, which a client
 * chooses: a request with a forged Host would be redirected to another site.
 */
@Provider
public class RelativeLocations implements Feature {
    @Override
    public boolean configure(FeatureContext context) {
        context.property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        return true;
    }
}
