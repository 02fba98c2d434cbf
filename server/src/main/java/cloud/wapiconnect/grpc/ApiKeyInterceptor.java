package cloud.wapiconnect.grpc;

import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.tenant.Caller;
import cloud.wapiconnect.tenant.KeyScope;
import cloud.wapiconnect.tenant.TenantService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Authenticates the {@code x-api-key} metadata entry with the same {@link TenantService} as REST, and checks, in
 * this one place for every gRPC method, that the key's scopes allow what the method needs ({@link GrpcScopes}).
 */
@ApplicationScoped
public class ApiKeyInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    TenantService tenants;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        String apiKey = headers.get(API_KEY);
        GrpcScopes.Need need;
        try {
            caller = tenants.caller(apiKey);
            LogContext.tenantId(caller.tenant().id());
            need = GrpcScopes.of(call.getMethodDescriptor().getFullMethodName());
            if (need == null) {
                // Refused rather than let through: GrpcScopesTest names the method.
                throw new IllegalStateException(
                        "No scope declared for " + call.getMethodDescriptor().getFullMethodName());
            }
            if (need.target() == GrpcScopes.Target.TENANT || !caller.grant().sessionRestricted()) {
                // Decided now; a key restricted to sessions waits for the request, which names them.
                KeyScope.require(
                        caller.grant(),
                        need.access(),
                        need.target() == GrpcScopes.Target.TENANT ? null : List.<String>of());
            }
        } catch (RuntimeException e) {
            return refuse(call, e);
        }
        ServerCall.Listener<Q> listener = Contexts.interceptCall(
                Context.current().withValues(GrpcTenant.KEY, caller.tenant(), GrpcTenant.API_KEY, apiKey),
                call,
                headers,
                next);
        if (need.target() == GrpcScopes.Target.TENANT || !caller.grant().sessionRestricted()) {
            return listener;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            private boolean refused;

            @Override
            public void onMessage(Q request) {
                try {
                    KeyScope.require(caller.grant(), need.access(), GrpcScopes.sessionsOf(request));
                } catch (RuntimeException e) {
                    refused = true;
                    refuse(call, e);
                    return;
                }
                super.onMessage(request);
            }

            @Override
            public void onHalfClose() {
                if (!refused) { // the method never runs
                    super.onHalfClose();
                }
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, RuntimeException e) {
        StatusRuntimeException status = GrpcErrors.toStatus(e);
        call.close(status.getStatus(), status.getTrailers());
        return new ServerCall.Listener<>() {};
    }
}
