package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.util.Api;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.WebTarget;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document stays true: every resource method and every error code is in it. */
@HelidonTest
class OpenApiIT {
    private static final List<Class<?>> RESOURCES = List.of(SessionResource.class, MessageResource.class,
            BulkJobResource.class, AccountResource.class, SandboxResource.class, AdminResource.class, WebhookResource.class,
            GroupResource.class, ChatResource.class);

    @Inject
    WebTarget target;

    @Test
    @SuppressWarnings("unchecked")
    void describesEveryEndpointAndEveryErrorCode() {
        Api.Response served = new Api(target.getUri()).send("GET", "/openapi", Map.of("Accept", "application/json"), null);
        assertEquals(200, served.status(), served.toString());
        Map<String, Object> document = Json.readObject(served.body());
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(m -> !m.equals("parameters"))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        assertEquals(implemented(), documented);

        // Not "Error": generated Java clients would declare a class that shadows java.lang.Error.
        assertEquals(new TreeSet<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()),
                new TreeSet<>(enumOf(document, "ErrorResponse", "code")));
    }

    /** The document's message types are the server's own list, in its order, so generated clients and validating proxies take every type. */
    @Test
    void listsEveryMessageTypeTheServerSends() {
        Api.Response served = new Api(target.getUri()).send("GET", "/openapi", Map.of("Accept", "application/json"), null);
        assertEquals(MessageType.wireNames(), enumOf(Json.readObject(served.body()), "MessageFields", "type"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> enumOf(Map<String, Object> document, String schema, String property) {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.get(schema)).get("properties");
        return (List<String>) ((Map<String, Object>) properties.get(property)).get("enum");
    }

    private static Set<String> implemented() {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST"
                        : method.isAnnotationPresent(PUT.class) ? "PUT" : method.isAnnotationPresent(PATCH.class) ? "PATCH"
                        : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    endpoints.add(verb + " " + root + (sub == null ? "" : sub.value()));
                }
            }
        }
        return endpoints;
    }
}
