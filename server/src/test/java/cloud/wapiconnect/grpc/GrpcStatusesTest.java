package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Walks every error code through the gRPC mapping (HttpStatusesTest does the same for REST). */
class GrpcStatusesTest {
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeHasAnErrorStatusWithItsNameAsErrorInfoReason(ErrorCode code) throws Exception {
        Status.Code status = GrpcStatuses.of(code);
        assertNotEquals(Status.Code.OK, status);
        StatusRuntimeException e = GrpcErrors.toStatus(new WapiException(code, "message", Map.of("limit", 5L)));
        assertEquals(status, e.getStatus().getCode());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertEquals("message", details.getMessage());
        ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
        assertEquals(code.name(), info.getReason());
        assertEquals(GrpcErrors.DOMAIN, info.getDomain());
        assertEquals("5", info.getMetadataOrThrow("limit"));
    }

    @Test
    void documentedStatuses() {
        assertEquals(Status.Code.INVALID_ARGUMENT, GrpcStatuses.of(ErrorCode.INVALID_REQUEST));
        assertEquals(Status.Code.UNAUTHENTICATED, GrpcStatuses.of(ErrorCode.UNAUTHORIZED));
        assertEquals(Status.Code.PERMISSION_DENIED, GrpcStatuses.of(ErrorCode.TENANT_SUSPENDED));
        assertEquals(Status.Code.NOT_FOUND, GrpcStatuses.of(ErrorCode.SESSION_NOT_FOUND));
        assertEquals(Status.Code.FAILED_PRECONDITION, GrpcStatuses.of(ErrorCode.SESSION_NOT_READY));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatuses.of(ErrorCode.SENT_LIMIT_EXCEEDED));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatuses.of(ErrorCode.SUBSCRIBER_TOO_SLOW));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcStatuses.of(ErrorCode.WHATSAPP_RATE_LIMITED));
        assertEquals(Status.Code.OUT_OF_RANGE, GrpcStatuses.of(ErrorCode.EVENTS_EXPIRED));
        assertEquals(Status.Code.INTERNAL, GrpcStatuses.of(ErrorCode.INTERNAL_ERROR));
    }

    @Test
    void aSessionMovingSaysWhenToRetryTheStandardWay() throws Exception {
        StatusRuntimeException e = GrpcErrors.toStatus(
                new cloud.wapiconnect.cluster.Owner.Moving(java.time.Duration.ofMillis(2500)).toException());
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertEquals(
                "SESSION_MOVING", details.getDetails(0).unpack(ErrorInfo.class).getReason());
        assertEquals(
                3,
                details.getDetails(1)
                        .unpack(com.google.rpc.RetryInfo.class)
                        .getRetryDelay()
                        .getSeconds());
    }

    @Test
    void structuredDetailsTravelAsJson() throws Exception {
        StatusRuntimeException e = GrpcErrors.toStatus(new WapiException(
                ErrorCode.INVALID_RECIPIENT,
                "bad",
                Map.of("invalid", List.of(new java.util.TreeMap<>(Map.of("index", 3, "phone", "x"))))));
        ErrorInfo info = StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
        assertEquals("[{\"index\":3,\"phone\":\"x\"}]", info.getMetadataOrThrow("invalid"));
    }

    @Test
    void anythingElseIsInternalAndRevealsNothing() {
        StatusRuntimeException e = GrpcErrors.toStatus(new IllegalStateException("secret detail"));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("Internal server error", e.getStatus().getDescription());
    }
}
