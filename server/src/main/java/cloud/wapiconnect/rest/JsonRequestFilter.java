package cloud.wapiconnect.rest;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Every API body is JSON (the portal's pages, under {@code /portal}, post forms). Bodies sent without a JSON content type (curl's {@code -d} says form data)
 * are read as JSON anyway, and a declared body larger than the limit is refused before it is read.
 */
@Provider
@PreMatching
public class JsonRequestFilter implements ContainerRequestFilter {
    @Inject
    WapiConfig config;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > config.maxBodyBytes()) {
            throw new WapiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "Request body too large (at most " + config.maxBodyBytes() + " bytes)");
        }
        if (request.getUriInfo().getPath().startsWith("portal")) {
            return; // the portal's forms are form data, read as such
        }
        MediaType type = request.getMediaType();
        if (type == null
                || MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)
                || MediaType.TEXT_PLAIN_TYPE.isCompatible(type)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
