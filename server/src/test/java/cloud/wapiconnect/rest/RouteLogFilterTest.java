package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

class RouteLogFilterTest {
    @Path("/api/whatsapp")
    static class Resource {}

    @Test
    void theRouteTemplateJoinsTheClassAndMethodPathsWithoutParameterPatterns() throws Exception {
        Path type = Resource.class.getAnnotation(Path.class);
        assertEquals(
                "/api/whatsapp/session/{sessionId}/send",
                RouteLogFilter.template(type, path("session/{sessionId: [^/]+}/send")));
        assertEquals("/api/whatsapp", RouteLogFilter.template(type, null));
        assertEquals("/x/{id}", RouteLogFilter.template(path("x/"), path("/{id}")));
    }

    private static Path path(String value) {
        return new Path() {
            @Override
            public String value() {
                return value;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return Path.class;
            }
        };
    }
}
