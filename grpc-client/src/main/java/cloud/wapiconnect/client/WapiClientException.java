package cloud.wapiconnect.client;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * A failed call. {@link #code()} is the same error code the REST API returns ({@code SESSION_NOT_FOUND},
 * {@code SENT_LIMIT_EXCEEDED}, …) taken from the status's {@code google.rpc.ErrorInfo}, with its details
 * in {@link #metadata()} ({@code limit}, {@code used}, {@code oldestId}, …). Failures that never reached
 * the server (no connection, deadline) carry no error code: {@link #code()} is null, see {@link #status()}.
 */
public class WapiClientException extends RuntimeException {
    private final Status.Code status;
    private final String code;
    private final Map<String, String> metadata;

    public WapiClientException(
            Status.Code status, String code, String message, Map<String, String> metadata, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.metadata = Map.copyOf(metadata);
    }

    /** Wraps a gRPC failure, reading the error code and details from its ErrorInfo when present. */
    public static WapiClientException of(StatusRuntimeException e) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details != null) {
            for (com.google.protobuf.Any any : details.getDetailsList()) {
                if (any.is(ErrorInfo.class)) {
                    try {
                        ErrorInfo info = any.unpack(ErrorInfo.class);
                        return new WapiClientException(
                                e.getStatus().getCode(),
                                info.getReason(),
                                details.getMessage(),
                                info.getMetadataMap(),
                                e);
                    } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
                        break;
                    }
                }
            }
        }
        String message = e.getStatus().getDescription();
        return new WapiClientException(
                e.getStatus().getCode(),
                null,
                message == null ? e.getStatus().getCode().name() : message,
                Map.of(),
                e);
    }

    /** The gRPC status code. */
    public Status.Code status() {
        return status;
    }

    /** The API's error code, or null when the failure did not come from the API. */
    public String code() {
        return code;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public String toString() {
        return "WapiClientException[" + status + (code == null ? "" : " " + code) + ": " + getMessage()
                + (metadata.isEmpty() ? "" : " " + metadata) + "]";
    }
}
