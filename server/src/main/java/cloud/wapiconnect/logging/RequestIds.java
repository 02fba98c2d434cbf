package cloud.wapiconnect.logging;

import java.util.UUID;

/**
 * The id of a request, REST or gRPC: the caller's own {@code X-Request-Id} when it is a plausible id (1 to
 * {@value #MAX_LENGTH} visible ASCII characters: it goes into headers, trailers and every log line, so nothing that could
 * break or bloat them), or a new random one.
 */
public final class RequestIds {
    /** The HTTP header (and, in lower case, the gRPC metadata key) that carries the id both ways. */
    public static final String HEADER = "X-Request-Id";

    static final int MAX_LENGTH = 128;

    private RequestIds() {}

    /** {@code presented} when it is usable, else a new id. */
    public static String accept(String presented) {
        return valid(presented) ? presented : UUID.randomUUID().toString();
    }

    static boolean valid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
