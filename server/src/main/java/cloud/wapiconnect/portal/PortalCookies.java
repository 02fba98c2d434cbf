package cloud.wapiconnect.portal;

import cloud.wapiconnect.config.WapiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

/**
 * The portal's two cookies, both HttpOnly and limited to {@code /portal}: the login ({@code SameSite=Lax}, so
 * that a link from a mail arrives signed in, while cross-site posts never carry it) and, before login, the
 * CSRF token that forms echo ({@code SameSite=Strict}).
 */
@ApplicationScoped
public class PortalCookies {
    static final String LOGIN = "wapi_portal";
    static final String CSRF = "wapi_csrf";
    private static final String PATH = "/portal";

    private final boolean secure;
    private final int loginMaxAge;

    @Inject
    public PortalCookies(WapiConfig config) {
        this.secure = config.portal().secureCookies();
        this.loginMaxAge = (int) config.portal().sessionTtl().toSeconds();
    }

    NewCookie login(String value) {
        return cookie(LOGIN, value, loginMaxAge, NewCookie.SameSite.LAX);
    }

    NewCookie loggedOut() {
        return cookie(LOGIN, "", 0, NewCookie.SameSite.LAX);
    }

    NewCookie csrf(String value) {
        return cookie(CSRF, value, -1, NewCookie.SameSite.STRICT);
    }

    private NewCookie cookie(String name, String value, int maxAge, NewCookie.SameSite sameSite) {
        return new NewCookie.Builder(name)
                .value(value)
                .path(PATH)
                .maxAge(maxAge)
                .httpOnly(true)
                .secure(secure)
                .sameSite(sameSite)
                .build();
    }
}
