package cloud.wapiconnect.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Works around Helidon 4.2.0 answering a call that fails before any message with a "trailers-only"
 * HEADERS frame that has no {@code :status}: grpc-java clients then report
 * {@code INTERNAL: Missing HTTP status code} instead of the real status and its ErrorInfo. Sending the
 * (empty) response headers first makes Helidon write a normal {@code :status 200} frame, then the
 * trailers with the status. Must be the outermost interceptor.
 */
final class HeadersFirstInterceptor implements ServerInterceptor {
    static final HeadersFirstInterceptor INSTANCE = new HeadersFirstInterceptor();

    private HeadersFirstInterceptor() {}

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new HeadersFirstCall<>(call), headers);
    }

    private static final class HeadersFirstCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final AtomicBoolean headersSent = new AtomicBoolean();

        HeadersFirstCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            headersSent.set(true);
            super.sendHeaders(headers);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (headersSent.compareAndSet(false, true)) {
                super.sendHeaders(new Metadata());
            }
            super.close(status, trailers);
        }
    }
}
