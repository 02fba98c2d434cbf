package cloud.wapiconnect.grpc;

import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Authenticates the {@code x-api-key} metadata entry with the same {@link TenantService} as REST. */
@ApplicationScoped
public class ApiKeyInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    TenantService tenants;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Tenant tenant;
        String apiKey = headers.get(API_KEY);
        try {
            tenant = tenants.authenticate(apiKey);
            LogContext.tenantId(tenant.id());
        } catch (RuntimeException e) {
            StatusRuntimeException status = GrpcErrors.toStatus(e);
            call.close(status.getStatus(), status.getTrailers());
            return new ServerCall.Listener<>() {};
        }
        return Contexts.interceptCall(
                Context.current().withValues(GrpcTenant.KEY, tenant, GrpcTenant.API_KEY, apiKey), call, headers, next);
    }
}
