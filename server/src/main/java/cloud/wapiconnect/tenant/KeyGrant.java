package cloud.wapiconnect.tenant;

import java.util.Set;

/**
 * What the key a call presented allows: its scopes, the sessions it is restricted to (empty: all of the tenant's)
 * and until when it is good (a named key's expiry, or the end of a rotation's grace period).
 *
 * @param keyId the named key's id; {@code null} for the tenant's own key
 */
public record KeyGrant(String keyId, Set<Scope> scopes, Set<String> sessions, long validUntil) {
    /** No expiry. */
    public static final long FOREVER = Long.MAX_VALUE;

    /** The tenant's own key: full scope, every session. */
    public static final KeyGrant ACCOUNT = new KeyGrant(null, Set.of(Scope.FULL), Set.of(), FOREVER);

    public KeyGrant {
        scopes = Set.copyOf(scopes);
        sessions = Set.copyOf(sessions);
    }

    public boolean sessionRestricted() {
        return !sessions.isEmpty();
    }

    KeyGrant until(long until) {
        return new KeyGrant(keyId, scopes, sessions, Math.min(validUntil, until));
    }
}
