package cloud.wapiconnect.grpc;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs one unary call: its result, or its failure as a status with ErrorInfo. */
final class Rpc {
    private Rpc() {}

    /**
     * Never lets an exception escape to the transport: Helidon's gRPC server would turn it into a
     * cancelled stream (the client sees no status at all) instead of an error response.
     */
    static <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
            return;
        }
        observer.onNext(result);
        observer.onCompleted();
    }
}
