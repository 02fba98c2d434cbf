package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.WapiException;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.Map;

/** The documented error body {@code {"error":"…","code":"…", …details}}: the details follow, in their order. */
public record ErrorJson(
        String error, String code, @JsonAnyGetter Map<String, Object> details) {
    public static ErrorJson of(WapiException e) {
        return new ErrorJson(e.getMessage(), e.code().name(), e.details());
    }
}
