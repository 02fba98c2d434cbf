package cloud.wapiconnect.tenant;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The one decision whether a key's scopes allow a call. Both facades ask it for every call, from what each
 * endpoint declares (the {@link Access} it needs and which sessions it touches), before the call runs.
 * <p>
 * Scopes nest: {@code read} allows {@link Access#READ}; {@code send} allows that and {@link Access#SEND};
 * {@code full} allows everything. A key restricted to sessions may only make calls about one or more of its
 * sessions: a call about another session, or about the tenant as a whole (lists of every session, settings,
 * usage, keys), is refused. Refusals are {@code KEY_SCOPE_FORBIDDEN} (403; gRPC {@code PERMISSION_DENIED}), the
 * same for another session whether or not it exists, so a restricted key learns nothing about the others.
 */
public final class KeyScope {
    private KeyScope() {}

    /**
     * Whether the grant allows the call.
     *
     * @param sessionIds the sessions the call is about; {@code null} for a call about the tenant as a whole
     */
    public static boolean allows(KeyGrant grant, Access access, Collection<String> sessionIds) {
        return refusal(grant, access, sessionIds) == null;
    }

    /**
     * @param sessionIds the sessions the call is about; {@code null} for a call about the tenant as a whole
     * @throws WapiException {@code KEY_SCOPE_FORBIDDEN} when the grant does not allow the call
     */
    public static void require(KeyGrant grant, Access access, Collection<String> sessionIds) {
        String refusal = refusal(grant, access, sessionIds);
        if (refusal != null) {
            throw new WapiException(ErrorCode.KEY_SCOPE_FORBIDDEN, refusal);
        }
    }

    /** The call about one session, or the tenant as a whole for {@code null}. */
    public static void require(KeyGrant grant, Access access, String sessionId) {
        require(grant, access, sessionId == null ? null : List.of(sessionId));
    }

    private static String refusal(KeyGrant grant, Access access, Collection<String> sessionIds) {
        if (!scopesAllow(grant, access)) {
            return "This API key's scopes (" + String.join(", ", wire(grant)) + ") do not allow "
                    + switch (access) {
                        case READ -> "reading";
                        case SEND -> "sending";
                        case MANAGE -> "managing sessions, webhooks or API keys";
                    };
        }
        if (grant.sessionRestricted()) {
            if (sessionIds == null || sessionIds.isEmpty()) {
                return "This API key is restricted to some sessions: it may only make calls about one of them";
            }
            for (String id : sessionIds) {
                if (!grant.sessions().contains(id)) {
                    return "This API key is not allowed on session '" + id + "'";
                }
            }
        }
        return null;
    }

    private static boolean scopesAllow(KeyGrant grant, Access access) {
        for (Scope scope : grant.scopes()) {
            boolean allowed = switch (scope) {
                case FULL -> true;
                case SEND -> access != Access.MANAGE;
                case READ -> access == Access.READ;
            };
            if (allowed) {
                return true;
            }
        }
        return false;
    }

    private static TreeSet<String> wire(KeyGrant grant) {
        TreeSet<String> names = new TreeSet<>();
        grant.scopes().forEach(s -> names.add(s.wire()));
        return names;
    }
}
