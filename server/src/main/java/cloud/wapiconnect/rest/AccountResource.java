package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.usage.Usage;
import cloud.wapiconnect.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** A tenant's own account: usage and API key. */
@Path("/api")
@TenantAuth
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    @Inject
    UsageService usage;

    @Inject
    TenantService tenants;

    @Inject
    RequestTenant tenant;

    @GET
    @Path("/usage")
    public Map<String, Object> usage() {
        Usage u = usage.today(tenant.get());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("plan", u.plan());
        json.put("date", u.date());
        json.put("used", u.used());
        json.put("limit", u.limit());
        json.put("remaining", u.remaining());
        json.put("sessions", u.sessions());
        json.put("maxSessions", u.maxSessions());
        return json;
    }

    @POST
    @Path("/settings/api-key/reset")
    public Map<String, Object> resetApiKey() {
        return Map.of("apiKey", tenants.resetApiKey(tenant.get()));
    }
}
