package cloud.wapiconnect.portal;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.rest.error.HttpStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Renders a portal page inside the common layout, with what every page needs (CSRF token, who is signed in). */
@ApplicationScoped
public class PortalPages {
    private final PortalTemplates templates;
    private final PortalRequest portal;
    private final boolean sandbox;

    @Inject
    public PortalPages(PortalTemplates templates, PortalRequest portal, WapiConfig config) {
        this.templates = templates;
        this.portal = portal;
        this.sandbox = config.engine() == WapiConfig.EngineKind.SANDBOX;
    }

    public Response ok(String template, String title, Map<String, Object> model) {
        return page(200, template, title, model);
    }

    /** The form again, with the domain error's message and its HTTP status (and a throttle's {@code Retry-After}). */
    public Response failed(WapiException error, String template, String title, Map<String, Object> model) {
        Map<String, Object> withError = new HashMap<>(model);
        withError.put("error", error.getMessage());
        Response page = page(HttpStatuses.of(error.code()), template, title, withError);
        Object retry = error.details().get("retryAfterSeconds");
        return retry == null
                ? page
                : Response.fromResponse(page).header("Retry-After", retry).build();
    }

    public Response page(int status, String template, String title, Map<String, Object> model) {
        Map<String, Object> scope = new HashMap<>(model);
        scope.put("title", title);
        scope.put("csrf", portal.csrfToken());
        scope.put("sandbox", sandbox);
        portal.login().ifPresent(login -> {
            scope.put("signedIn", true);
            scope.put("operator", login.operator());
            login.account().ifPresent(account -> scope.put("accountName", account.name()));
        });
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(templates.render(template, scope))
                .build();
    }

    /** After a successful post: back to a page (303, so that reloading does not post again). */
    public static Response redirect(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
