package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.tenant.ApiKey;
import cloud.wapiconnect.tenant.CreatedApiKey;
import cloud.wapiconnect.tenant.Scope;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A tenant's new API key, shown once. */
public record ApiKeyJson(String apiKey) {
    /**
     * A named key just created or rotated, with its secret: the only answer that ever holds it.
     *
     * @param sessions the sessions it is restricted to; null for all of the tenant's
     */
    @Schema(name = "CreatedApiKey")
    public record Created(
            String id,
            String name,
            String apiKey,
            String prefix,
            List<String> scopes,
            List<String> sessions,
            String createdAt,
            String expiresAt) {
        public static Created of(CreatedApiKey created) {
            ApiKey k = created.key();
            return new Created(
                    k.id(),
                    k.name(),
                    created.secret(),
                    k.prefix(),
                    scopeNames(k),
                    sessionIds(k),
                    MessageJson.iso(k.createdAt()),
                    MessageJson.iso(k.expiresAt()));
        }
    }

    /** A named key as lists show it: never its secret. */
    @Schema(name = "ApiKey")
    public record Listed(
            String id,
            String name,
            String prefix,
            List<String> scopes,
            List<String> sessions,
            String createdAt,
            String lastUsedAt,
            String expiresAt) {
        public static Listed of(ApiKey k) {
            return new Listed(
                    k.id(),
                    k.name(),
                    k.prefix(),
                    scopeNames(k),
                    sessionIds(k),
                    MessageJson.iso(k.createdAt()),
                    MessageJson.iso(k.lastUsedAt()),
                    MessageJson.iso(k.expiresAt()));
        }
    }

    public record Keys(List<Listed> apiKeys) {}

    private static List<String> scopeNames(ApiKey k) {
        return k.scopes().stream().sorted().map(Scope::wire).toList();
    }

    private static List<String> sessionIds(ApiKey k) {
        return k.sessions().isEmpty() ? null : List.copyOf(k.sessions());
    }
}
