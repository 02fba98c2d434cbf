package cloud.wapiconnect.rest;

import cloud.wapiconnect.logging.HttpRequestLog;
import cloud.wapiconnect.logging.LogContext;
import io.helidon.webserver.http.ServerRequest;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Tells the access log which route a JAX-RS request matched (the class's and the method's {@code @Path}, with
 * their parameters as names), and puts the session the path names into the log context. Runs after matching and
 * before authentication, so that a refused request is logged by its route too.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class RouteLogFilter implements ContainerRequestFilter {
    @Context
    ResourceInfo resource;

    @Context
    ServerRequest server;

    @Override
    public void filter(ContainerRequestContext request) {
        if (resource == null || resource.getResourceClass() == null || resource.getResourceMethod() == null) {
            return;
        }
        HttpRequestLog.pathTemplate(
                server,
                template(
                        resource.getResourceClass().getAnnotation(Path.class),
                        resource.getResourceMethod().getAnnotation(Path.class)));
        String session = request.getUriInfo().getPathParameters().getFirst("sessionId");
        if (session != null) {
            LogContext.sessionId(session);
        }
    }

    /** {@code /api/whatsapp} and {@code /session/{sessionId: [^/]+}/send} make {@code /api/whatsapp/session/{sessionId}/send}. */
    static String template(Path type, Path method) {
        String joined = join(type == null ? "" : type.value(), method == null ? "" : method.value());
        return joined.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static String join(String left, String right) {
        String a = left.startsWith("/") ? left : "/" + left;
        if (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        if (right.isEmpty() || right.equals("/")) {
            return a.isEmpty() ? "/" : a;
        }
        return a + (right.startsWith("/") ? right : "/" + right);
    }
}
