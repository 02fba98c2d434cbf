package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.json.Json;
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

        Map<String, Object> error = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
                .get("components")).get("schemas")).get("Error");
        List<String> codes = (List<String>) ((Map<String, Object>) ((Map<String, Object>) error.get("properties"))
                .get("code")).get("enum");
        assertEquals(new TreeSet<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()), new TreeSet<>(codes));
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
