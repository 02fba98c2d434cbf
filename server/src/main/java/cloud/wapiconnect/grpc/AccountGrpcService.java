package cloud.wapiconnect.grpc;

import cloud.wapiconnect.proto.v1.AccountGrpc;
import cloud.wapiconnect.proto.v1.GetUsageRequest;
import cloud.wapiconnect.proto.v1.ResetApiKeyRequest;
import cloud.wapiconnect.proto.v1.ResetApiKeyResponse;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.usage.Usage;
import cloud.wapiconnect.usage.UsageService;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.AccountResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(AccountGrpcService.class)
public class AccountGrpcService extends AccountGrpc.AccountImplBase {
    @Inject
    UsageService usage;

    @Inject
    TenantService tenants;

    @Override
    public void getUsage(GetUsageRequest r, StreamObserver<cloud.wapiconnect.proto.v1.Usage> out) {
        Rpc.unary(out, () -> {
            Usage u = usage.today(GrpcTenant.current());
            return cloud.wapiconnect.proto.v1.Usage.newBuilder()
                    .setPlan(u.plan())
                    .setDate(u.date())
                    .setUsed(u.used())
                    .setLimit(u.limit())
                    .setRemaining(u.remaining())
                    .setSessions(u.sessions())
                    .setMaxSessions(u.maxSessions())
                    .build();
        });
    }

    @Override
    public void resetApiKey(ResetApiKeyRequest r, StreamObserver<ResetApiKeyResponse> out) {
        Rpc.unary(
                out,
                () -> ResetApiKeyResponse.newBuilder()
                        .setApiKey(tenants.resetApiKey(GrpcTenant.current()))
                        .build());
    }
}
