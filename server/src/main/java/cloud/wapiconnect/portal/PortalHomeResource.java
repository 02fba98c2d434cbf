package cloud.wapiconnect.portal;

import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.stats.DayRange;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.usage.Usage;
import cloud.wapiconnect.usage.UsageService;
import cloud.wapiconnect.webhook.WebhookService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's overview (API key, today's usage, the last 30 days' messages and webhook deliveries as charts,
 * sessions) and the API key reset.
 */
@Path("/portal")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalHomeResource {
    private static final int CHART_DAYS = 30;

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    TenantService tenants;

    @Inject
    UsageService usage;

    @Inject
    SessionService sessions;

    @Inject
    MessageLog messages;

    @Inject
    WebhookService webhooks;

    @Inject
    Clock clock;

    @GET
    public Response overview() {
        Tenant tenant = portal.tenant();
        Usage today = usage.today(tenant);
        Map<String, Object> model = new HashMap<>();
        model.put("nav-home", true);
        model.put("tenantName", tenant.name());
        model.put("keyHint", tenants.apiKeyHint(tenant));
        model.put("usage", today);
        model.put("messagesPercent", percent(today.used(), today.limit()));
        model.put("sessionsPercent", percent(today.sessions(), today.maxSessions()));
        model.put("sessions", PortalViews.sessions(sessions.list(tenant)));
        DayRange month = DayRange.endingToday(clock, CHART_DAYS);
        model.put("trafficChart", PortalCharts.traffic(messages.dailyTraffic(tenant, month), today.limit()));
        model.put("deliveriesChart", PortalCharts.deliveries(webhooks.dailyDeliveries(tenant, month)));
        return pages.ok("home", "Dashboard", model);
    }

    /** Resetting is destructive (the old key stops at once): it asks first. */
    @GET
    @Path("/api-key/reset")
    public Response confirmReset() {
        return pages.ok("api-key-reset", "Reset your API key", Map.of("nav-home", true));
    }

    @POST
    @Path("/api-key/reset")
    public Response reset(@FormParam("confirm") String confirm) {
        if (!"yes".equals(confirm)) {
            return pages.page(
                    400,
                    "api-key-reset",
                    "Reset your API key",
                    Map.of("nav-home", true, "error", "Tick the box to confirm that the current key may stop working"));
        }
        String key = tenants.resetApiKey(portal.tenant());
        return pages.ok("api-key", "Your new API key", Map.of("apiKey", key, "nav-home", true));
    }

    private static long percent(long used, long limit) {
        return limit <= 0 ? 0 : Math.min(100, Math.round(100.0 * used / limit));
    }
}
