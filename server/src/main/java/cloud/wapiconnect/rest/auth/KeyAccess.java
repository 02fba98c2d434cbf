package cloud.wapiconnect.rest.auth;

import cloud.wapiconnect.tenant.Access;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a {@link TenantAuth} endpoint needs from the API key it is called with, checked by {@link TenantAuthFilter}
 * before the resource method runs ({@code tenant.KeyScope} decides). Every such endpoint declares one, on the method
 * or its class (the method's wins): an endpoint without one is refused (and {@code KeyAccessDeclaredTest} fails).
 * <p>
 * The session a call is about, for keys restricted to sessions, is its {@code sessionId} path parameter, else its
 * {@code sessionId} query parameter; a call with neither is about the whole tenant.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface KeyAccess {
    Access value();
}
