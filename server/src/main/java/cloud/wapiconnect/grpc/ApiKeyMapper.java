package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.proto.v1.ApiKeyInfo;
import cloud.wapiconnect.proto.v1.ApiKeyScope;
import cloud.wapiconnect.proto.v1.CreateApiKeyRequest;
import cloud.wapiconnect.tenant.ApiKey;
import cloud.wapiconnect.tenant.ApiKeyInput;
import cloud.wapiconnect.tenant.CreatedApiKey;
import cloud.wapiconnect.tenant.Scope;
import java.util.List;

/** API keys between the domain and the {@code Account} service's messages. */
final class ApiKeyMapper {
    private static final String SCOPE = "API_KEY_SCOPE_";

    private ApiKeyMapper() {}

    /** @throws WapiException {@code INVALID_REQUEST} for an unspecified or unknown scope */
    static ApiKeyInput input(CreateApiKeyRequest r) {
        List<Scope> scopes = r.getScopesList().stream()
                .map(s -> Protos.fromProto(Scope.class, SCOPE, s)
                        .orElseThrow(() ->
                                WapiException.invalidField("scopes", "scopes must be one or more of full, send, read")))
                .toList();
        Long expiresAt = r.hasExpiresAt()
                ? r.getExpiresAt().getSeconds() * 1000 + r.getExpiresAt().getNanos() / 1_000_000
                : null;
        return new ApiKeyInput(r.getName(), scopes, r.getSessionsList(), expiresAt);
    }

    static ApiKeyInfo info(ApiKey k) {
        ApiKeyInfo.Builder b = ApiKeyInfo.newBuilder()
                .setId(k.id())
                .setName(k.name())
                .setPrefix(k.prefix())
                .addAllSessions(k.sessions())
                .setCreatedAt(Protos.timestamp(k.createdAt()));
        k.scopes().stream().sorted().forEach(s -> b.addScopes(Protos.toProto(ApiKeyScope.class, SCOPE, s)));
        if (k.lastUsedAt() != null) {
            b.setLastUsedAt(Protos.timestamp(k.lastUsedAt()));
        }
        if (k.expiresAt() != null) {
            b.setExpiresAt(Protos.timestamp(k.expiresAt()));
        }
        return b.build();
    }

    static cloud.wapiconnect.proto.v1.CreatedApiKey created(CreatedApiKey c) {
        return cloud.wapiconnect.proto.v1.CreatedApiKey.newBuilder()
                .setKey(info(c.key()))
                .setApiKey(c.secret())
                .build();
    }
}
