package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.WapiException;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented error body {@code {"error":"…","code":"…", …details, "requestId":"…"}}: the details follow, in
 * their order, then the id of the request (the {@code X-Request-Id} header's value, also in every log line about
 * it) when there is one.
 */
@Schema(name = "ErrorResponse")
public record ErrorJson(
        String error, String code, @JsonAnyGetter Map<String, Object> details) {
    public static ErrorJson of(WapiException e) {
        return new ErrorJson(e.getMessage(), e.code().name(), e.details());
    }

    public static ErrorJson of(WapiException e, String requestId) {
        if (requestId == null) {
            return of(e);
        }
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.put("requestId", requestId);
        return new ErrorJson(e.getMessage(), e.code().name(), details);
    }
}
