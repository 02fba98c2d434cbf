package cloud.wapiconnect.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.InternalServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What grpc-java's server reflection service reads to list the services and their proto files: a
 * {@link Server} in the call's context. grpc-java's own server puts itself there; Helidon's does not,
 * so this interceptor puts in a stand-in that knows the services registered on Helidon's routing.
 */
final class ReflectionIndex implements ServerInterceptor {
    private final Context.Key<Server> key = InternalServer.SERVER_CONTEXT_KEY;
    private final Server services;

    ReflectionIndex(List<ServerServiceDefinition> definitions) {
        this.services = new Listed(List.copyOf(definitions));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(key, services), call, headers, next);
    }

    /** Only the service list is real: reflection asks for nothing else. */
    private static final class Listed extends Server {
        private final List<ServerServiceDefinition> definitions;

        Listed(List<ServerServiceDefinition> definitions) {
            this.definitions = definitions;
        }

        @Override
        public List<ServerServiceDefinition> getServices() {
            return definitions;
        }

        @Override
        public List<ServerServiceDefinition> getImmutableServices() {
            return definitions;
        }

        @Override
        public List<ServerServiceDefinition> getMutableServices() {
            return List.of();
        }

        @Override
        public Server start() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Server shutdown() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Server shutdownNow() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }

        @Override
        public void awaitTermination() {
            throw new UnsupportedOperationException();
        }
    }
}
