package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.WapiException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the documented error body {@code {"error":"…","code":"…", …details}}. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static Response of(WapiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("code", e.code().name());
        body.putAll(e.details());
        return Response.status(HttpStatuses.of(e.code()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
