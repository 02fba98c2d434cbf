package cloud.wapiconnect.grpc;

import cloud.wapiconnect.proto.v1.AccountGrpc;
import cloud.wapiconnect.proto.v1.CreateApiKeyRequest;
import cloud.wapiconnect.proto.v1.CreatedApiKey;
import cloud.wapiconnect.proto.v1.DeleteApiKeyRequest;
import cloud.wapiconnect.proto.v1.DeleteApiKeyResponse;
import cloud.wapiconnect.proto.v1.GetUsageRequest;
import cloud.wapiconnect.proto.v1.ListApiKeysRequest;
import cloud.wapiconnect.proto.v1.ListApiKeysResponse;
import cloud.wapiconnect.proto.v1.ResetApiKeyRequest;
import cloud.wapiconnect.proto.v1.ResetApiKeyResponse;
import cloud.wapiconnect.proto.v1.RotateApiKeyRequest;
import cloud.wapiconnect.tenant.ApiKeyService;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.usage.Usage;
import cloud.wapiconnect.usage.UsageService;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.AccountResource} and {@code rest.ApiKeyResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(AccountGrpcService.class)
public class AccountGrpcService extends AccountGrpc.AccountImplBase {
    @Inject
    UsageService usage;

    @Inject
    TenantService tenants;

    @Inject
    ApiKeyService keys;

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
                        .setApiKey(tenants.resetApiKey(GrpcTenant.current(), r.getGraceSeconds()))
                        .build());
    }

    @Override
    public void createApiKey(CreateApiKeyRequest r, StreamObserver<CreatedApiKey> out) {
        Rpc.unary(out, () -> ApiKeyMapper.created(keys.create(GrpcTenant.current(), ApiKeyMapper.input(r))));
    }

    @Override
    public void listApiKeys(ListApiKeysRequest r, StreamObserver<ListApiKeysResponse> out) {
        Rpc.unary(
                out,
                () -> ListApiKeysResponse.newBuilder()
                        .addAllApiKeys(keys.list(GrpcTenant.current()).stream()
                                .map(ApiKeyMapper::info)
                                .toList())
                        .build());
    }

    @Override
    public void deleteApiKey(DeleteApiKeyRequest r, StreamObserver<DeleteApiKeyResponse> out) {
        Rpc.unary(out, () -> {
            keys.delete(GrpcTenant.current(), r.getId());
            return DeleteApiKeyResponse.getDefaultInstance();
        });
    }

    @Override
    public void rotateApiKey(RotateApiKeyRequest r, StreamObserver<CreatedApiKey> out) {
        Rpc.unary(out, () -> ApiKeyMapper.created(keys.rotate(GrpcTenant.current(), r.getId(), r.getGraceSeconds())));
    }
}
