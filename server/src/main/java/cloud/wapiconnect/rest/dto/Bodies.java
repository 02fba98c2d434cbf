package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.WapiException;

/** Request bodies are optional in JAX-RS; ours are not. */
public final class Bodies {
    private Bodies() {}

    /** @throws WapiException {@code INVALID_REQUEST} when the body is missing */
    public static <T> T require(T body) {
        if (body == null) {
            throw WapiException.invalid("A JSON request body is required");
        }
        return body;
    }
}
