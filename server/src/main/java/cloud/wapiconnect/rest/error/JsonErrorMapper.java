package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.WapiException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/**
 * Unreadable bodies: malformed JSON or a field of the wrong type. Jersey's Jackson feature brings
 * plain-text mappers for exactly these two exception types; ours are registered for the same types
 * with a higher priority so that clients always get the documented error shape.
 */
public final class JsonErrorMapper {
    private JsonErrorMapper() {}

    @Provider
    @Priority(1)
    public static class Parse implements ExceptionMapper<JsonParseException> {
        @Override
        public Response toResponse(JsonParseException e) {
            return ErrorResponses.of(WapiException.invalid(describe(e)));
        }
    }

    @Provider
    @Priority(1)
    public static class Mapping implements ExceptionMapper<JsonMappingException> {
        @Override
        public Response toResponse(JsonMappingException e) {
            return ErrorResponses.of(WapiException.invalid(describe(e)));
        }
    }

    /**
     * A body past the parser's limits (nested deeper than 1,000 levels, a number or a name too long): not a
     * parse error to Jackson, and so it used to reach the fallback mapper as a 500.
     */
    @Provider
    @Priority(1)
    public static class Constraints implements ExceptionMapper<StreamConstraintsException> {
        @Override
        public Response toResponse(StreamConstraintsException e) {
            return ErrorResponses.of(translate(e));
        }

        WapiException translate(StreamConstraintsException e) {
            String limit = e.getOriginalMessage();
            int from = limit == null ? -1 : limit.indexOf(", from `");
            return WapiException.invalid("Invalid JSON body: "
                    + (limit == null
                            ? "beyond the parser's limits"
                            : from < 0 ? limit : limit.substring(0, from) + ")"));
        }
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "Invalid JSON body: field '" + field.replace(".[", "[") + "' has the wrong type or value";
        }
        JsonLocation at = e.getLocation();
        return at == null
                ? "Invalid JSON body"
                : "Invalid JSON body: malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
