package cloud.wapiconnect.rest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.ClassScan;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every REST endpoint of the API is behind a key (the tenant's or the operator's), and every tenant endpoint declares
 * what it needs from the key ({@link KeyAccess}): a new endpoint cannot skip the scope check unnoticed. Walks every
 * resource class compiled into the server.
 */
class KeyAccessDeclaredTest {
    private static boolean endpoint(Method m) {
        return Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class)
                .anyMatch(m::isAnnotationPresent);
    }

    private static boolean tenantAuth(Method m) {
        return m.isAnnotationPresent(TenantAuth.class) || m.getDeclaringClass().isAnnotationPresent(TenantAuth.class);
    }

    private static boolean adminAuth(Method m) {
        return m.isAnnotationPresent(AdminAuth.class) || m.getDeclaringClass().isAnnotationPresent(AdminAuth.class);
    }

    @Test
    void everyTenantEndpointDeclaresTheAccessItNeeds() {
        List<String> undeclared = new ArrayList<>();
        List<String> unauthenticated = new ArrayList<>();
        int tenantEndpoints = 0;
        for (Class<?> type : ClassScan.classesNextTo(TenantAuthFilter.class, "cloud.wapiconnect")) {
            Path path = type.getAnnotation(Path.class);
            if (path == null) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                if (!endpoint(m)) {
                    continue;
                }
                if (tenantAuth(m)) {
                    tenantEndpoints++;
                    if (TenantAuthFilter.declared(m) == null) {
                        undeclared.add(type.getSimpleName() + "." + m.getName());
                    }
                } else if (path.value().startsWith("/api") && !adminAuth(m)) {
                    unauthenticated.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(tenantEndpoints > 50, "found only " + tenantEndpoints + " tenant endpoints: is the scan broken?");
        assertEquals(List.of(), undeclared, "tenant endpoints without @KeyAccess");
        assertEquals(List.of(), unauthenticated, "/api endpoints behind neither @TenantAuth nor @AdminAuth");
    }
}
