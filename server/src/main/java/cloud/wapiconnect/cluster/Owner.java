package cloud.wapiconnect.cluster;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.time.Duration;
import java.util.Map;

/** Which node runs a session's live connection, as {@link SessionOwnership#ownerOf} sees it now. */
public sealed interface Owner {
    /**
     * This node holds the session's lease: its connection runs (or is being started) here.
     *
     * @param generation the lease's generation: writes on the session's behalf carry it and are refused once
     *                   another node has taken the session over
     */
    record Here(long generation) implements Owner {}

    /**
     * Another live node holds the lease: calls that need the connection go there.
     *
     * @param nodeId  the owner's {@code WAPI_NODE_ID}
     * @param address host:port the owner is reached at ({@code WAPI_NODE_ADDRESS})
     */
    record Elsewhere(String nodeId, String address, long generation) implements Owner {}

    /**
     * The session is being handed over (its owner is draining, died, or an operator moves it): callers wait
     * briefly and ask again, or answer {@code SESSION_MOVING} with this as {@code Retry-After}.
     */
    record Moving(Duration retryAfter) implements Owner {
        public Moving {
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                retryAfter = Duration.ofSeconds(1);
            }
        }

        /** {@code SESSION_MOVING}, details {@code retryAfterSeconds} (whole seconds, at least 1). */
        public WapiException toException() {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            return new WapiException(
                    ErrorCode.SESSION_MOVING,
                    "The session is moving to another node; try again shortly",
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    /** No node holds the session: it is not wanted online (new and never connected, stopped, logged out, deleted). */
    record Nobody() implements Owner {}
}
