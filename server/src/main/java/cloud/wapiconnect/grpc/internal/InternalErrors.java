package cloud.wapiconnect.grpc.internal;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Domain failures across the internal service, unchanged: the owner sends the {@link WapiException}'s code,
 * message and details; the calling node raises the same exception, which its own facade renders as it
 * would any other. Not the public mapping ({@code grpc.GrpcErrors}): nothing is lost to strings here.
 */
final class InternalErrors {
    private static final Logger LOG = Logger.getLogger(InternalErrors.class.getName());
    static final Metadata.Key<String> CODE = Metadata.Key.of("x-wapi-error-code", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> DETAILS =
            Metadata.Key.of("x-wapi-error-details", Metadata.ASCII_STRING_MARSHALLER);

    private InternalErrors() {}

    /** The owner's side: a failure as the status the calling node decodes with {@link #fromStatus}. */
    static StatusRuntimeException toStatus(RuntimeException failure) {
        WapiException e;
        if (failure instanceof WapiException w) {
            e = w;
        } else {
            LOG.log(Level.WARNING, "Forwarded call failed", failure);
            e = new WapiException(ErrorCode.INTERNAL_ERROR, "Internal error");
        }
        Metadata trailers = new Metadata();
        trailers.put(CODE, e.code().name());
        // JSON escapes non-ASCII as \\uXXXX, so the value stays a valid ASCII header.
        trailers.put(DETAILS, asciiJson(e.details()));
        return Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException(trailers);
    }

    /**
     * The calling node's side: the owner's failure as the same exception; a failure of the call itself (owner
     * gone, no answer in time, refused) as a clear 503.
     */
    static WapiException fromStatus(StatusRuntimeException failure, String nodeId, long retryAfterSeconds) {
        Metadata trailers = failure.getTrailers();
        String code = trailers == null ? null : trailers.get(CODE);
        if (code != null) {
            Map<String, Object> details = Optional.ofNullable(trailers.get(DETAILS))
                    .map(Json::readObject)
                    .orElse(Map.of());
            return new WapiException(
                    ErrorCode.valueOf(code),
                    Optional.ofNullable(failure.getStatus().getDescription()).orElse(""),
                    details);
        }
        Status.Code status = failure.getStatus().getCode();
        if (status == Status.Code.DEADLINE_EXCEEDED || status == Status.Code.CANCELLED) {
            return new WapiException(
                    ErrorCode.ENGINE_UNAVAILABLE,
                    "The node running this session (" + nodeId + ") did not answer in time; try again");
        }
        if (status == Status.Code.UNAUTHENTICATED) {
            LOG.warning("Node " + nodeId
                    + " refused this node's cluster secret: set the same WAPI_CLUSTER_SECRET on every node");
        } else {
            LOG.fine(() -> "Node " + nodeId + " unreachable: " + failure.getStatus());
        }
        // Unreachable, or refusing us: the session moves once that node's lease lapses.
        return new WapiException(
                ErrorCode.SESSION_MOVING,
                "The node running this session (" + nodeId + ") cannot be reached; try again shortly",
                Map.of("retryAfterSeconds", retryAfterSeconds));
    }

    private static String asciiJson(Map<String, Object> details) {
        String json = Json.write(details);
        StringBuilder out = new StringBuilder(json.length());
        json.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }
}
