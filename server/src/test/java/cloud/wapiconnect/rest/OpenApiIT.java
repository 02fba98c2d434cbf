package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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

    /**
     * Every JSON record of the REST facade that names its schema ({@code @Schema(name)}) has exactly that schema's
     * properties, as Jackson writes and reads it: a field added to a record or to the document alone fails here.
     */
    @Test
    void everyJsonRecordHasItsSchemasProperties() {
        Map<String, Object> schemas = schemas(servedDocument());
        List<Class<?>> records = jsonRecords();
        assertTrue(records.size() >= 25, "found only " + records);
        List<String> differences = new ArrayList<>();
        for (Class<?> type : records) {
            String name = type.getAnnotation(Schema.class).name();
            Set<String> documented = schemas.containsKey(name) ? schemaProperties(schemas, name) : Set.of();
            Set<String> written = jsonProperties(type);
            // An any-getter writes keys of its own (error details, a sandbox delivery's details): the document
            // lists them, so it may hold more than the named properties, never fewer.
            boolean open = !anyGetters(type).isEmpty()
                    || Arrays.stream(type.getMethods()).anyMatch(m -> m.isAnnotationPresent(JsonAnyGetter.class));
            if (open ? !documented.containsAll(written) : !documented.equals(written)) {
                differences.add(type.getSimpleName() + " vs " + name + ": only in the record "
                        + minus(written, documented) + ", only in the document " + minus(documented, written));
            }
        }
        assertEquals(List.of(), differences);
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    /** The records of {@code rest.dto} (nested ones too) that say which schema of the document they are. */
    private static List<Class<?>> jsonRecords() {
        try (Stream<java.nio.file.Path> files = Files.walk(classDirectory(SuccessJson.class))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class"))
                    .<Class<?>>map(f -> load(SuccessJson.class.getPackageName() + "." + f.substring(0, f.length() - 6)))
                    .filter(c -> c.isRecord() && c.isAnnotationPresent(Schema.class))
                    .sorted(Comparator.comparing(Class::getName))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.Path classDirectory(Class<?> type) {
        try {
            return java.nio.file.Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .resolve(type.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON property names of a type as the server's mapper sees them, {@code @JsonUnwrapped} ones flattened. */
    private static Set<String> jsonProperties(Class<?> type) {
        Set<String> names = new TreeSet<>();
        BeanDescription description = Json.MAPPER.getSerializationConfig().introspect(Json.MAPPER.constructType(type));
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember member = property.getPrimaryMember();
            if (anyGetters(type).contains(property.getInternalName())) {
                continue; // its keys are the map's, not its name
            }
            if (member != null && member.hasAnnotation(JsonUnwrapped.class)) {
                names.addAll(jsonProperties(property.getRawPrimaryType()));
            } else {
                names.add(property.getName());
            }
        }
        return names;
    }

    /** The record's components whose map Jackson writes as keys of the object itself. */
    private static Set<String> anyGetters(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getAccessor().isAnnotationPresent(JsonAnyGetter.class)) {
                names.add(component.getName());
            }
        }
        return names;
    }

    /** A schema's property names, through {@code allOf} and {@code $ref}. */
    @SuppressWarnings("unchecked")
    private static Set<String> schemaProperties(Map<String, Object> schemas, String name) {
        return schemaProperties(schemas, (Map<String, Object>) schemas.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> schemaProperties(Map<String, Object> schemas, Map<String, Object> schema) {
        Set<String> names = new TreeSet<>();
        Object ref = schema.get("$ref");
        if (ref != null) {
            return schemaProperties(
                    schemas, ref.toString().substring(ref.toString().lastIndexOf('/') + 1));
        }
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        if (properties != null) {
            names.addAll(properties.keySet());
        }
        for (Object part : (List<Object>) schema.getOrDefault("allOf", List.of())) {
            names.addAll(schemaProperties(schemas, (Map<String, Object>) part));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schemas(Map<String, Object> document) {
        return (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
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
