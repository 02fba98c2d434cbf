package cloud.wapiconnect.logging;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Every HTTP request (the REST API, the portal, health, metrics, OpenAPI): its id is set in the log context
 * and in the response's {@code X-Request-Id} before anything else runs, and one access line is written when it
 * is answered. A Helidon filter rather than a JAX-RS one, so that it also sees what JAX-RS never does and
 * measures the whole answer; JAX-RS tells it the matched route ({@link #pathTemplate}) through the request's
 * context. gRPC calls do not pass here (the gRPC facade has its own interceptor).
 */
@ApplicationScoped
public class HttpRequestLog implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);
    private static final String TEMPLATE = HttpRequestLog.class.getName() + ".template";
    /** Paths not matched by a route (an unknown endpoint) are logged as requested, cut to this length. */
    private static final int MAX_RAW_PATH = 200;

    /** On the server's routing, before Helidon builds the server (4100). */
    void install(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                    Object ignored,
            ServerCdiExtension server) {
        server.serverRoutingBuilder().addFilter(this);
    }

    /** The route the request matched, e.g. {@code /api/whatsapp/session/{sessionId}/send}: logged instead of its path. */
    public static void pathTemplate(ServerRequest request, String template) {
        request.context().register(TEMPLATE, template);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        // read now: once routed into a service (health, metrics), the request's path is relative to that service
        String rawPath = req.path().rawPath();
        String id = RequestIds.accept(req.headers().first(REQUEST_ID).orElse(null));
        res.header(REQUEST_ID, id);
        LogContext.clear();
        LogContext.requestId(id);
        try {
            chain.proceed();
        } finally {
            String path = req.context().get(TEMPLATE, String.class).orElseGet(() -> shortened(rawPath));
            AccessLog.log(new AccessEntry(
                    "http",
                    req.prologue().method().text(),
                    path,
                    String.valueOf(res.status().code()),
                    (System.nanoTime() - start) / 1_000_000));
            LogContext.clear();
        }
    }

    private static String shortened(String path) {
        return path.length() > MAX_RAW_PATH ? path.substring(0, MAX_RAW_PATH) + "…" : path;
    }
}
