package cloud.wapiconnect.rest;

import cloud.wapiconnect.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Makes JAX-RS read and write bodies with the server's one {@link Json} configuration. */
@Provider
public class JsonMapperResolver implements ContextResolver<ObjectMapper> {
    @Override
    public ObjectMapper getContext(Class<?> type) {
        return Json.MAPPER;
    }
}
