package cloud.wapiconnect.portal;

import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.webhook.WebhookService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dashboard's pages poll (every couple of seconds, see {@code portal.js}) to stay live without a
 * reload: a session's status and QR code, and the latest webhook deliveries. Signed in by the login cookie.
 */
@Path("/portal/api")
@PortalLogin
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PortalLiveResource {
    @Inject
    PortalRequest portal;

    @Inject
    SessionService sessions;

    @Inject
    WebhookService webhooks;

    @GET
    @Path("/sessions/{sessionId}")
    public Map<String, Object> session(@PathParam("sessionId") String sessionId) {
        return PortalViews.session(sessions.status(portal.tenant(), sessionId));
    }

    @GET
    @Path("/deliveries")
    public List<Map<String, Object>> deliveries() {
        return PortalViews.deliveries(
                webhooks.deliveries(portal.tenant(), PortalWebhooksResource.RECENT, Optional.empty(), Optional.empty())
                        .items());
    }
}
