package cloud.wapiconnect.logging;

import io.helidon.logging.common.HelidonMdc;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a log line says about the work it belongs to: the request, the tenant, the session. Kept in Helidon's
 * MDC, which is per thread: the request's filter sets it on the thread that serves the request and clears it
 * afterwards; work that continues on another thread takes a {@link #snapshot()} with it.
 */
public final class LogContext {
    public static final String REQUEST_ID = "requestId";
    public static final String TENANT_ID = "tenantId";
    public static final String SESSION_ID = "sessionId";

    static final String[] KEYS = {REQUEST_ID, TENANT_ID, SESSION_ID};

    private LogContext() {}

    public static void requestId(String id) {
        put(REQUEST_ID, id);
    }

    public static void tenantId(String id) {
        put(TENANT_ID, id);
    }

    public static void sessionId(String id) {
        put(SESSION_ID, id);
    }

    /** The current request's id, or null outside a request. */
    public static String requestId() {
        return get(REQUEST_ID);
    }

    public static String get(String key) {
        return HelidonMdc.get(key).orElse(null);
    }

    /** The fields set on this thread, in {@link #KEYS} order. */
    public static Map<String, String> snapshot() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String key : KEYS) {
            HelidonMdc.get(key).ifPresent(value -> fields.put(key, value));
        }
        return fields;
    }

    /** Makes {@code fields} this thread's context (the others removed). */
    public static void restore(Map<String, String> fields) {
        for (String key : KEYS) {
            put(key, fields.get(key));
        }
    }

    public static void clear() {
        for (String key : KEYS) {
            HelidonMdc.remove(key);
        }
    }

    private static void put(String key, String value) {
        if (value == null || value.isEmpty()) {
            HelidonMdc.remove(key);
        } else {
            HelidonMdc.set(key, value);
        }
    }
}
