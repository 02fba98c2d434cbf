package cloud.wapiconnect.rest.error;

import io.helidon.http.Status;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives every response a reason phrase in its status line. JAX-RS knows none for statuses outside its
 * {@link Response.Status} enum (422 above all), and Helidon then writes {@code HTTP/1.1 422 422}: clients
 * that print the status line (Python's requests: "422 Client Error: 422") show a number twice. The phrases
 * are Helidon's own (RFC 9110: "Unprocessable Content"); a status without one gets its class's name.
 */
@Provider
public class ReasonPhraseFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Response.StatusType status = response.getStatusInfo();
        if (status.getReasonPhrase() == null || status.getReasonPhrase().isBlank()) {
            response.setStatusInfo(withPhrase(status.getStatusCode()));
        }
    }

    static Response.StatusType withPhrase(int code) {
        String known = Status.create(code).reasonPhrase();
        Response.Status.Family family = Response.Status.Family.familyOf(code);
        String phrase = known != null && !known.isBlank()
                ? known
                : switch (family) {
                    case INFORMATIONAL -> "Informational";
                    case SUCCESSFUL -> "Success";
                    case REDIRECTION -> "Redirection";
                    case CLIENT_ERROR -> "Client Error";
                    case SERVER_ERROR -> "Server Error";
                    case OTHER -> "Unknown";
                };
        return new Response.StatusType() {
            @Override
            public int getStatusCode() {
                return code;
            }

            @Override
            public Response.Status.Family getFamily() {
                return family;
            }

            @Override
            public String getReasonPhrase() {
                return phrase;
            }
        };
    }
}
