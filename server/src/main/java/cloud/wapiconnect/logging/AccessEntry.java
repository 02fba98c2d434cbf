package cloud.wapiconnect.logging;

/**
 * One served request, as its access-log line: the path is the route's template
 * ({@code /api/whatsapp/session/{sessionId}/send}, for gRPC the full method name), never the raw path with its
 * values, and nothing of the query, the headers or the body.
 *
 * @param protocol {@code http} or {@code grpc}
 * @param status the HTTP status, or the gRPC status code's name
 */
public record AccessEntry(String protocol, String method, String path, String status, long durationMs) {
    @Override
    public String toString() {
        return method + " " + path + " " + status + " " + durationMs + " ms";
    }
}
