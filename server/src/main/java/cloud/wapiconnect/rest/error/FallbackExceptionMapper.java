package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.transport.ClientGone;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that is not a {@link WapiException}: JAX-RS's own errors (unknown path, wrong method,
 * unreadable body) keep their 4xx meaning in the documented shape; anything else is a bug, logged,
 * and answered with a 500 that reveals nothing.
 */
@Provider
public class FallbackExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(FallbackExceptionMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof NotFoundException notFound
                && !uri.getPath().startsWith("api/")
                && !uri.getPath().startsWith("/api/")) {
            // An empty 404 lets Helidon go on routing: /health, /metrics and /openapi live outside JAX-RS.
            return notFound.getResponse();
        }
        return ErrorResponses.of(translate(e));
    }

    private static WapiException translate(Throwable e) {
        Throwable cause = rootWapiCause(e);
        if (cause instanceof WapiException wapi) {
            return wapi;
        }
        if (ClientGone.causedBy(e)) {
            // the connection closed under the request (the client left, or was too slow): nobody to answer, nothing to
            // log
            return WapiException.invalid("The connection closed before the request was read");
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status < 500 ? ErrorResponses.forStatus(status, badRequestMessage(web)) : internal(e);
        }
        if (e instanceof ProcessingException) {
            return WapiException.invalid(badRequestMessage(e));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException tooDeep) {
                // JSON past the parser's limits, wherever it was read: the client's fault, never a 500
                return new JsonErrorMapper.Constraints().translate(tooDeep);
            }
        }
        return internal(e);
    }

    private static Throwable rootWapiCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WapiException) {
                return t;
            }
        }
        return null;
    }

    private static String badRequestMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return JsonErrorMapper.describe(json);
            }
        }
        return "Invalid request body: expected a JSON object with the documented fields";
    }

    private static WapiException internal(Throwable e) {
        LOG.log(Level.SEVERE, "Unhandled error", e);
        return new WapiException(ErrorCode.INTERNAL_ERROR, "Internal server error");
    }
}
