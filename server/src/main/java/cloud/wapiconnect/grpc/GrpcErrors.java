package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns failures into gRPC statuses: the code from {@link GrpcStatuses}, the message as description, and a
 * {@code google.rpc.ErrorInfo} whose {@code reason} is the error code REST clients see and whose metadata
 * holds the details ({@code limit}, {@code used}, …) as strings; a {@code google.rpc.RetryInfo} too when the
 * details say when to retry ({@code retryAfterSeconds}).
 */
public final class GrpcErrors {
    /** ErrorInfo.domain: who defines the reasons. */
    public static final String DOMAIN = "wapiconnect.cloud";

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {}

    public static StatusRuntimeException toStatus(Throwable failure) {
        WapiException e = failure instanceof WapiException wapi ? wapi : internal(failure);
        ErrorInfo.Builder info =
                ErrorInfo.newBuilder().setReason(e.code().name()).setDomain(DOMAIN);
        for (Map.Entry<String, Object> detail : e.details().entrySet()) {
            Object value = detail.getValue();
            info.putMetadata(
                    detail.getKey(),
                    value instanceof String || value instanceof Number || value instanceof Boolean
                            ? String.valueOf(value)
                            : Json.write(value));
        }
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(GrpcStatuses.of(e.code()).value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(info.build()));
        // The REST facade's Retry-After header, the standard gRPC way (SESSION_MOVING, TOO_MANY_ATTEMPTS).
        if (e.details().get("retryAfterSeconds") instanceof Number seconds) {
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds.longValue()))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    private static WapiException internal(Throwable failure) {
        LOG.log(Level.SEVERE, "Unhandled error in a gRPC call", failure);
        return new WapiException(ErrorCode.INTERNAL_ERROR, "Internal server error");
    }
}
