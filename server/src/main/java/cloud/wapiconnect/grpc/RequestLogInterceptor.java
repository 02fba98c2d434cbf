package cloud.wapiconnect.grpc;

import cloud.wapiconnect.logging.AccessEntry;
import cloud.wapiconnect.logging.AccessLog;
import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.logging.RequestIds;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC side of the request log: the call's id (the {@code x-request-id} metadata when usable, else a new one)
 * is in the log context while the call's code runs, goes back in the trailers of every answer, and the call ends
 * with an access line (the full method name as its path, the status code's name as its status). The tenant
 * ({@link ApiKeyInterceptor} sets it while authenticating) and the session a request names ({@code session_id})
 * join the context as they become known. The context is thread-local and Helidon may run a call's steps on
 * different threads, so it is set around each step and put back as it was after.
 */
final class RequestLogInterceptor implements ServerInterceptor {
    static final RequestLogInterceptor INSTANCE = new RequestLogInterceptor();
    static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of(RequestIds.HEADER.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);

    private RequestLogInterceptor() {}

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        CallContext context = new CallContext(RequestIds.accept(headers.get(REQUEST_ID)));
        ServerCall.Listener<Q> listener = context.run(() -> {
            ServerCall.Listener<Q> started = next.startCall(new LoggedCall<>(call, context), headers);
            context.tenantId = LogContext.get(LogContext.TENANT_ID); // authentication ran inside startCall
            return started;
        });
        return new LoggedListener<>(listener, context);
    }

    /** What the call's log lines say, whichever thread writes them. */
    private static final class CallContext {
        final long start = System.nanoTime();
        final String requestId;
        volatile String tenantId;
        volatile String sessionId;

        CallContext(String requestId) {
            this.requestId = requestId;
        }

        <T> T run(java.util.function.Supplier<T> step) {
            Map<String, String> before = LogContext.snapshot();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(LogContext.REQUEST_ID, requestId);
            fields.put(LogContext.TENANT_ID, tenantId);
            fields.put(LogContext.SESSION_ID, sessionId);
            LogContext.restore(fields);
            try {
                return step.get();
            } finally {
                LogContext.restore(before);
            }
        }

        void run(Runnable step) {
            run(() -> {
                step.run();
                return null;
            });
        }
    }

    private static final class LoggedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final CallContext context;
        private final AtomicBoolean closed = new AtomicBoolean();

        LoggedCall(ServerCall<Q, R> delegate, CallContext context) {
            super(delegate);
            this.context = context;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            trailers.put(REQUEST_ID, context.requestId);
            super.close(status, trailers);
            if (closed.compareAndSet(false, true)) {
                context.run(() -> AccessLog.log(new AccessEntry(
                        "grpc",
                        getMethodDescriptor().getType().name(),
                        "/" + getMethodDescriptor().getFullMethodName(),
                        status.getCode().name(),
                        (System.nanoTime() - context.start) / 1_000_000)));
            }
        }
    }

    private static final class LoggedListener<Q>
            extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final CallContext context;

        LoggedListener(ServerCall.Listener<Q> delegate, CallContext context) {
            super(delegate);
            this.context = context;
        }

        @Override
        public void onMessage(Q message) {
            String session = sessionOf(message);
            if (session != null) {
                context.sessionId = session;
            }
            context.run(() -> super.onMessage(message));
        }

        @Override
        public void onHalfClose() {
            context.run(super::onHalfClose);
        }

        @Override
        public void onCancel() {
            context.run(super::onCancel);
        }

        @Override
        public void onComplete() {
            context.run(super::onComplete);
        }

        @Override
        public void onReady() {
            context.run(super::onReady);
        }

        /** The request's {@code session_id}, for the requests that name one. */
        private static String sessionOf(Object message) {
            if (message instanceof MessageOrBuilder proto) {
                FieldDescriptor field = proto.getDescriptorForType().findFieldByName("session_id");
                if (field != null && field.getJavaType() == FieldDescriptor.JavaType.STRING && !field.isRepeated()) {
                    String value = (String) proto.getField(field);
                    return value.isEmpty() ? null : value;
                }
            }
            return null;
        }
    }
}
