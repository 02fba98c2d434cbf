package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns failures into gRPC statuses: the code from {@link GrpcStatuses}, the message as description, and a
 * {@code google.rpc.ErrorInfo} whose {@code reason} is the error code REST clients see and whose metadata
 * holds the details ({@code limit}, {@code used}, …) as strings.
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
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(GrpcStatuses.of(e.code()).value())
                .setMessage(e.getMessage())
                .addDetails(Any.pack(info.build()))
                .build());
    }

    private static WapiException internal(Throwable failure) {
        LOG.log(Level.SEVERE, "Unhandled error in a gRPC call", failure);
        return new WapiException(ErrorCode.INTERNAL_ERROR, "Internal server error");
    }
}
