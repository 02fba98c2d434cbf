package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.logging.RequestIds;
import cloud.wapiconnect.rest.dto.ErrorJson;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.microprofile.server.ServerBuilders;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.DirectHandlers;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;

/**
 * The errors Helidon answers itself, before any route or JAX-RS sees the request — a declared body above
 * {@code server.max-payload-size} (413), a request line or headers it cannot parse or that are too long
 * (400, 414, 431), an unsupported HTTP version — get the documented error body too, instead of Helidon's
 * plain text or an empty body. Helidon keeps its status (a 431 stays a 431); the body says
 * {@code PAYLOAD_TOO_LARGE}, {@code INVALID_REQUEST} or, for its own failures, {@code INTERNAL_ERROR}.
 */
@ApplicationScoped
public class TransportErrors {
    /** Installs the handlers on the server's builder: after Helidon read its configuration, before it builds the server (4100). */
    void install(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                    Object ignored,
            ServerCdiExtension server,
            WapiConfig config) {
        DirectHandler json = new JsonAnswers(config.maxBodyBytes());
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, json);
        }
        ServerBuilders.of(server).directHandlers(handlers.build());
    }

    /** Answers in JSON; Helidon decides whether the connection stays open. */
    record JsonAnswers(long maxBodyBytes) implements DirectHandler {
        @Override
        public TransportResponse handle(
                TransportRequest request,
                EventType eventType,
                Status status,
                ServerResponseHeaders headers,
                String message) {
            WapiException error = switch (status.code()) {
                case 413 ->
                    new WapiException(
                            ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large (at most " + maxBodyBytes + " bytes)");
                case 414 -> WapiException.invalid("Request URI too long");
                case 431 -> WapiException.invalid("Request headers too large");
                case 505 -> WapiException.invalid("HTTP version not supported: the API speaks HTTP/1.1, gRPC HTTP/2");
                default ->
                    ErrorResponses.forStatus(
                            status.code(),
                            message == null || message.isBlank()
                                    ? "Malformed HTTP request (request line or headers)"
                                    : message);
            };
            headers.set(HeaderValues.CONTENT_TYPE_JSON);
            // No filter ran for a request Helidon could not read: the id is new, and its header ours to set.
            String requestId = RequestIds.accept(null);
            headers.set(HeaderNames.create(RequestIds.HEADER), requestId);
            return TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(Json.write(ErrorJson.of(error, requestId)).getBytes(StandardCharsets.UTF_8))
                    .build();
        }
    }
}
