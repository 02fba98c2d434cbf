package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.rest.dto.ErrorJson;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds the documented error body {@code {"error":"…","code":"…", …details}}. */
final class ErrorResponses {
    private ErrorResponses() {}

    static Response of(WapiException e) {
        Response.ResponseBuilder response = Response.status(HttpStatuses.of(e.code()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(e));
        // A throttled client learns when to come back the standard way too (the body has the same figure).
        if (e.details().get("retryAfterSeconds") instanceof Number seconds) {
            response.header("Retry-After", seconds.longValue());
        }
        return response.build();
    }

    /** The body, with the id of the request being answered (set by the request's filter). */
    static ErrorJson body(WapiException e) {
        return ErrorJson.of(e, LogContext.requestId());
    }

    /**
     * The error a status means when the framework, not our code, chose it (an unknown path, a wrong method,
     * a body too large or unreadable). Server errors reveal nothing of their cause.
     *
     * @param clientMessage what to say for a client error without a message of its own here
     */
    static WapiException forStatus(int status, String clientMessage) {
        return switch (status) {
            case 404 -> new WapiException(ErrorCode.NOT_FOUND, "No such endpoint");
            case 405 -> new WapiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed on this endpoint");
            case 413 -> new WapiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
            case 415 -> WapiException.invalid("Content-Type must be application/json");
            default ->
                status < 500
                        ? WapiException.invalid(clientMessage)
                        : new WapiException(ErrorCode.INTERNAL_ERROR, "Internal server error");
        };
    }
}
