package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.WapiException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class WapiExceptionMapper implements ExceptionMapper<WapiException> {
    @Override
    public Response toResponse(WapiException e) {
        return ErrorResponses.of(e);
    }
}
