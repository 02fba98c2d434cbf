package cloud.wapiconnect.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyScopeTest {
    private static KeyGrant grant(Set<Scope> scopes, Set<String> sessions) {
        return new KeyGrant("key_1", scopes, sessions, KeyGrant.FOREVER);
    }

    @Test
    void scopesNest() {
        for (Access a : Access.values()) {
            assertTrue(KeyScope.allows(KeyGrant.ACCOUNT, a, null), "the tenant's own key: " + a);
            assertTrue(KeyScope.allows(grant(Set.of(Scope.FULL), Set.of()), a, null), "full: " + a);
        }
        KeyGrant send = grant(Set.of(Scope.SEND), Set.of());
        assertTrue(KeyScope.allows(send, Access.READ, null));
        assertTrue(KeyScope.allows(send, Access.SEND, null));
        assertFalse(KeyScope.allows(send, Access.MANAGE, null));
        KeyGrant read = grant(Set.of(Scope.READ), Set.of());
        assertTrue(KeyScope.allows(read, Access.READ, null));
        assertFalse(KeyScope.allows(read, Access.SEND, null));
        assertFalse(KeyScope.allows(read, Access.MANAGE, null));
        assertTrue(KeyScope.allows(grant(Set.of(Scope.READ, Scope.SEND), Set.of()), Access.SEND, null), "any scope");
    }

    @Test
    void aKeyRestrictedToSessionsMayOnlyMakeCallsAboutThem() {
        KeyGrant g = grant(Set.of(Scope.FULL), Set.of("a", "b"));
        assertTrue(KeyScope.allows(g, Access.MANAGE, List.of("a")));
        assertTrue(KeyScope.allows(g, Access.READ, List.of("a", "b")));
        assertFalse(KeyScope.allows(g, Access.READ, List.of("a", "c")));
        assertFalse(KeyScope.allows(g, Access.READ, null), "about the whole tenant");
        assertFalse(KeyScope.allows(g, Access.READ, List.of()), "no session named");
        WapiException e = assertThrows(WapiException.class, () -> KeyScope.require(g, Access.SEND, "c"));
        assertEquals(ErrorCode.KEY_SCOPE_FORBIDDEN, e.code());
    }
}
