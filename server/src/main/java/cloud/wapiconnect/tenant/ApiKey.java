package cloud.wapiconnect.tenant;

import java.util.Set;

/**
 * A named API key as lists show it: never its secret, only the first characters ({@code prefix}).
 *
 * @param sessions the sessions it is restricted to; empty for all of the tenant's
 * @param lastUsedAt epoch millis, written at most about once a minute; {@code null} before the first use
 * @param expiresAt epoch millis; {@code null} for never
 */
public record ApiKey(
        String id,
        String name,
        String prefix,
        Set<Scope> scopes,
        Set<String> sessions,
        long createdAt,
        Long lastUsedAt,
        Long expiresAt) {}
