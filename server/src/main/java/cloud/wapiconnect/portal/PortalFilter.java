package cloud.wapiconnect.portal;

import cloud.wapiconnect.account.AccountService;
import cloud.wapiconnect.account.Login;
import cloud.wapiconnect.account.Tokens;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.tenant.ApiKeys;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * Every portal request: who is signed in (the login cookie), which CSRF token its pages carry, and for
 * state-changing requests the check that they come from our own pages (same origin, and the token echoed in
 * the form field {@code csrf} (also in an upload's multipart form) or the header {@code X-CSRF-Token}). Responses get the browser hardening headers.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class PortalFilter implements ContainerRequestFilter, ContainerResponseFilter {
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String NEW_CSRF_COOKIE = PortalFilter.class.getName() + ".csrf";
    private static final String REJECTED = PortalFilter.class.getName() + ".rejected";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    AccountService accounts;

    @Inject
    PortalRequest portal;

    @Inject
    PortalCookies cookies;

    @Inject
    WapiConfig config;

    @Inject
    PortalPages pages;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isPortal(request)) {
            return;
        }
        Optional<Login> login = accounts.login(cookie(request, PortalCookies.LOGIN));
        String expected;
        if (login.isPresent()) {
            expected = login.get().csrfToken();
        } else {
            expected = cookie(request, PortalCookies.CSRF);
            if (expected == null || expected.length() < 20) {
                expected = Tokens.random();
                request.setProperty(NEW_CSRF_COOKIE, expected);
            }
        }
        portal.set(login, expected);
        login.flatMap(Login::tenant).ifPresent(tenant -> LogContext.tenantId(tenant.id()));
        if (!SAFE.contains(request.getMethod())) {
            requireSameOrigin(request);
            if (request.getProperty(REJECTED) != null) {
                return;
            }
            String presented = request.getHeaderString(CSRF_HEADER);
            if (presented == null) {
                try {
                    presented = formField(request, CSRF_FIELD);
                } catch (WapiException tooLarge) {
                    reject(request, tooLarge);
                    return;
                }
            }
            if (presented == null
                    || request.getProperty(NEW_CSRF_COOKIE) != null
                    || !ApiKeys.constantTimeEquals(presented, expected)) {
                reject(
                        request,
                        new WapiException(
                                ErrorCode.CSRF_REJECTED,
                                "This form has expired or did not come from this site: reload the page and try again"));
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isPortal(request)) {
            return;
        }
        Object csrf = request.getProperty(NEW_CSRF_COOKIE);
        if (csrf != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.csrf((String) csrf));
        }
        var headers = response.getHeaders();
        headers.putSingle(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self';"
                        + " script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("X-Frame-Options", "DENY");
        // Links carry one-time tokens: never hand them to another site in a Referer. ("no-referrer" would also
        // make browsers send "Origin: null" on our own form posts.)
        headers.putSingle("Referrer-Policy", "same-origin");
        if (!request.getUriInfo().getPath().startsWith("portal/assets")) {
            headers.putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /** Browsers get a page saying what happened; the live JSON calls get the API's error shape. */
    private void reject(ContainerRequestContext request, WapiException error) {
        if (request.getUriInfo().getPath().startsWith("portal/api/")) {
            throw error;
        }
        request.setProperty(REJECTED, Boolean.TRUE);
        request.abortWith(pages.failed(error, "rejected", "Request not accepted", java.util.Map.of()));
    }

    private void requireSameOrigin(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            return; // older browsers omit it on same-origin posts; the token decides
        }
        URI own = request.getUriInfo().getBaseUri();
        String host = request.getHeaderString(HttpHeaders.HOST);
        boolean same = origin.equals(config.portal().publicUrl().replaceAll("(https?://[^/]+).*", "$1"))
                || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host))
                || origin.equals(own.getScheme() + "://" + own.getAuthority());
        if (!same) {
            reject(request, new WapiException(ErrorCode.CSRF_REJECTED, "Cross-site requests are not accepted"));
        }
    }

    private static String formField(ContainerRequestContext request, String name) {
        MediaType type = request.getMediaType();
        if (type != null
                && MediaType.MULTIPART_FORM_DATA_TYPE.isCompatible(type)
                && request instanceof ContainerRequest upload) {
            return PortalUploads.field(upload, name);
        }
        if (type == null
                || !MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(type)
                || !(request instanceof ContainerRequest jersey)) {
            return null;
        }
        // Buffered, so that the resource's @FormParam still reads the body.
        jersey.bufferEntity();
        return jersey.readEntity(Form.class).asMap().getFirst(name);
    }

    private static String cookie(ContainerRequestContext request, String name) {
        Cookie cookie = request.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }

    private static boolean isPortal(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.equals("portal") || path.startsWith("portal/");
    }
}
