package cloud.wapiconnect.rest.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.grpc.GrpcStatuses;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every error code maps in both facades, and the two mappings tell a client the same kind of thing. */
class FacadeErrorMappingTest {
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void restAndGrpcAgreeOnTheKindOfFailure(ErrorCode code) {
        int http = HttpStatuses.of(code);
        Status.Code grpc = GrpcStatuses.of(code);
        String kind = switch (grpc) {
            case INVALID_ARGUMENT,
                    FAILED_PRECONDITION,
                    ABORTED,
                    OUT_OF_RANGE,
                    UNIMPLEMENTED,
                    RESOURCE_EXHAUSTED,
                    NOT_FOUND,
                    PERMISSION_DENIED,
                    UNAUTHENTICATED -> "client";
            case UNAVAILABLE, UNKNOWN, INTERNAL -> "server";
            default -> "unexpected " + grpc;
        };
        assertEquals(http < 500 ? "client" : "server", kind, code + ": HTTP " + http + ", gRPC " + grpc);
        if (http == 401) {
            assertEquals(Status.Code.UNAUTHENTICATED, grpc);
        }
        if (http == 404) {
            assertEquals(Status.Code.NOT_FOUND, grpc);
        }
    }
}
