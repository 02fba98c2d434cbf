package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The served OpenAPI document stays true: every resource method and every error code is in it. */
@DatabaseAgnostic
@HelidonTest
class OpenApiIT {
    /** The browser portal answers HTML pages and forms, not the API: the API document does not describe it. */
    private static final String PORTAL = "cloud.wapiconnect.portal";

    @Inject
    WebTarget target;

    @Inject
    BeanManager beans;

    @Test
    void describesEveryEndpointAndEveryErrorCode() {
        Map<String, Object> document = servedDocument();
        assertDocumented(resources(), document);

        // Not "Error": generated Java clients would declare a class that shadows java.lang.Error.
        assertEquals(
                new TreeSet<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList()),
                new TreeSet<>(enumOf(document, "ErrorResponse", "code")));
    }

    /** The resources come from the running application, so the API's are all there: the ones the old hand list had and more. */
    @Test
    void findsTheResourcesInTheRunningApplication() {
        Set<Class<?>> resources = resources();
        assertTrue(
                resources.containsAll(List.of(
                        SessionResource.class,
                        MessageResource.class,
                        BulkJobResource.class,
                        AccountResource.class,
                        SandboxResource.class,
                        AdminResource.class,
                        WebhookResource.class,
                        GroupResource.class,
                        ChatResource.class)),
                resources.toString());
        assertTrue(resources.stream().noneMatch(r -> r.getPackageName().equals(PORTAL)), resources.toString());
    }

    /** What the check exists for: a resource added without its paths in the document fails it, by name. */
    @Test
    void aResourceMissingFromTheDocumentFailsTheCheck() {
        Map<String, Object> document = servedDocument();
        Set<Class<?>> withAnUndocumentedOne = new LinkedHashSet<>(resources());
        withAnUndocumentedOne.add(ForgottenResource.class);
        AssertionFailedError failure =
                assertThrows(AssertionFailedError.class, () -> assertDocumented(withAnUndocumentedOne, document));
        assertTrue(failure.getMessage().contains("GET /api/whatsapp/forgotten"), failure.getMessage());
    }

    /** Not a bean (the test classes are no bean archive): the application never serves it. */
    @Path("/api/whatsapp/forgotten")
    static class ForgottenResource {
        @GET
        public String forgotten() {
            return "";
        }
    }

    private Map<String, Object> servedDocument() {
        Api.Response served =
                new Api(target.getUri()).send("GET", "/openapi", Map.of("Accept", "application/json"), null);
        assertEquals(200, served.status(), served.toString());
        return Json.readObject(served.body());
    }

    /** Every JAX-RS resource the application serves, but the portal's: CDI beans whose class carries {@code @Path}. */
    private Set<Class<?>> resources() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.isAnnotationPresent(Path.class) && !type.getPackageName().equals(PORTAL)) {
                resources.add(type);
            }
        }
        return resources;
    }

    @SuppressWarnings("unchecked")
    private static void assertDocumented(Set<Class<?>> resources, Map<String, Object> document) {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Set<String> documented = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(m -> !m.equals("parameters"))
                .forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        assertEquals(implemented(resources), documented);
    }

    /** The document's message types are the server's own list, in its order, so generated clients and validating proxies take every type. */
    @Test
    void listsEveryMessageTypeTheServerSends() {
        assertEquals(MessageType.wireNames(), enumOf(servedDocument(), "MessageFields", "type"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> enumOf(Map<String, Object> document, String schema, String property) {
        Map<String, Object> schemas =
                (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> properties =
                (Map<String, Object>) ((Map<String, Object>) schemas.get(schema)).get("properties");
        return (List<String>) ((Map<String, Object>) properties.get(property)).get("enum");
    }

    private static Set<String> implemented(Set<Class<?>> resources) {
        Set<String> endpoints = new TreeSet<>();
        for (Class<?> resource : resources) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = method.isAnnotationPresent(GET.class)
                        ? "GET"
                        : method.isAnnotationPresent(POST.class)
                                ? "POST"
                                : method.isAnnotationPresent(PUT.class)
                                        ? "PUT"
                                        : method.isAnnotationPresent(PATCH.class)
                                                ? "PATCH"
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
