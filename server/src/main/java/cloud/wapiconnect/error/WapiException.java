package cloud.wapiconnect.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A domain failure: an {@link ErrorCode}, a human-readable message and optional details
 * (for instance {@code limit} and {@code used}) that the facades add to the error body.
 */
public class WapiException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> details;

    public WapiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public WapiException(ErrorCode code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra fields for the error body, in a stable order. */
    public Map<String, Object> details() {
        return details;
    }

    public static WapiException invalid(String message) {
        return new WapiException(ErrorCode.INVALID_REQUEST, message);
    }

    /** {@code INVALID_REQUEST} about one field of the request, named in the body's {@code field}. */
    public static WapiException invalidField(String field, String message) {
        return new WapiException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }

    public static WapiException limit(ErrorCode code, String message, long limit, long used) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", limit);
        details.put("used", used);
        return new WapiException(code, message, details);
    }
}
