package cloud.wapiconnect.portal;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.session.SessionView;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Sessions: the list, adding one, and a session's page with its live QR code (refreshed by
 * {@code portal.js} from {@link PortalLiveResource}), disconnect, delete and, on the sandbox, the simulated phone.
 */
@Path("/portal/sessions")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalSessionsResource {
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Session created: scan its QR code with WhatsApp on the phone.",
            "disconnected", "Session disconnected.",
            "deleted", "Session deleted.",
            "incoming", "A simulated message arrived: see Messages.");

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    SessionService sessions;

    @Inject
    SandboxService sandbox;

    @GET
    public Response list(@QueryParam("done") String done) {
        return listPage(null, done, Map.of());
    }

    @POST
    public Response create(@FormParam("sessionId") String sessionId, @FormParam("name") String name) {
        String id = sessionId == null ? "" : sessionId.strip();
        try {
            sessions.create(portal.tenant(), id, name == null || name.isBlank() ? null : name.strip());
        } catch (WapiException e) {
            return listPage(e, null, Map.of("newSessionId", id));
        }
        return PortalPages.redirect("/portal/sessions/" + encode(id) + "?done=created");
    }

    @GET
    @Path("/{sessionId}")
    public Response session(@PathParam("sessionId") String sessionId, @QueryParam("done") String done) {
        return sessionPage(sessionId, null, done);
    }

    @POST
    @Path("/{sessionId}/disconnect")
    public Response disconnect(@PathParam("sessionId") String sessionId) {
        try {
            sessions.disconnect(portal.tenant(), sessionId);
        } catch (WapiException e) {
            return sessionPage(sessionId, e, null);
        }
        return PortalPages.redirect("/portal/sessions/" + encode(sessionId) + "?done=disconnected");
    }

    @POST
    @Path("/{sessionId}/delete")
    public Response delete(@PathParam("sessionId") String sessionId, @FormParam("confirm") String confirm) {
        if (!"yes".equals(confirm)) {
            return sessionPage(sessionId, WapiException.invalid("Tick the box to confirm the deletion"), null);
        }
        try {
            sessions.delete(portal.tenant(), sessionId);
        } catch (WapiException e) {
            return sessionPage(sessionId, e, null);
        }
        return PortalPages.redirect("/portal/sessions?done=deleted");
    }

    @POST
    @Path("/{sessionId}/sandbox/scan")
    public Response simulateScan(@PathParam("sessionId") String sessionId, @FormParam("phoneNumber") String phone) {
        try {
            sandbox.scan(portal.tenant(), sessionId, phone);
        } catch (WapiException e) {
            return sessionPage(sessionId, e, null);
        }
        return PortalPages.redirect("/portal/sessions/" + encode(sessionId));
    }

    @POST
    @Path("/{sessionId}/sandbox/incoming")
    public Response simulateIncoming(
            @PathParam("sessionId") String sessionId, @FormParam("from") String from, @FormParam("body") String body) {
        try {
            sandbox.incoming(portal.tenant(), sessionId, from, body, "text", false);
        } catch (WapiException e) {
            return sessionPage(sessionId, e, null);
        }
        return PortalPages.redirect("/portal/sessions/" + encode(sessionId) + "?done=incoming");
    }

    private Response listPage(WapiException error, String done, Map<String, Object> extra) {
        Map<String, Object> model = new HashMap<>(extra);
        model.put("nav-sessions", true);
        model.put("sessions", PortalViews.sessions(sessions.list(portal.tenant())));
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        return error == null
                ? pages.ok("sessions", "Sessions", model)
                : pages.failed(error, "sessions", "Sessions", model);
    }

    private Response sessionPage(String sessionId, WapiException error, String done) {
        Tenant tenant = portal.tenant();
        SessionView view;
        try {
            view = sessions.status(tenant, sessionId);
        } catch (WapiException notFound) {
            return listPage(notFound, null, Map.of());
        }
        Map<String, Object> model = new HashMap<>();
        model.put("nav-sessions", true);
        model.put("session", PortalViews.session(view));
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        String title = "Session " + view.sessionId();
        return error == null ? pages.ok("session", title, model) : pages.failed(error, "session", title, model);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
