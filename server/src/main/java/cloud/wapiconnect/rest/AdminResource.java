package cloud.wapiconnect.rest;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.rest.auth.AdminAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.CreateTenantBody;
import cloud.wapiconnect.rest.dto.PlanBody;
import cloud.wapiconnect.rest.dto.UpdateTenantBody;
import cloud.wapiconnect.tenant.CreatedTenant;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.PlanInput;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The operator's API: tenants and plans. */
@Path("/api/admin")
@AdminAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    TenantService tenants;

    @POST
    @Path("/tenants")
    public Response createTenant(CreateTenantBody body) {
        CreateTenantBody b = Bodies.require(body);
        CreatedTenant created = tenants.create(b.name(), b.email(), b.plan());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenantId", created.tenant().id());
        json.put("apiKey", created.apiKey());
        json.put("plan", created.tenant().planId());
        return Response.status(Response.Status.CREATED).entity(json).build();
    }

    @GET
    @Path("/tenants")
    public Map<String, Object> tenants() {
        return Map.of(
                "tenants",
                tenants.list().stream().map(AdminResource::tenantJson).toList());
    }

    @PATCH
    @Path("/tenants/{tenantId}")
    public Map<String, Object> updateTenant(@PathParam("tenantId") String tenantId, UpdateTenantBody body) {
        UpdateTenantBody b = Bodies.require(body);
        return tenantJson(tenants.update(tenantId, b.plan(), b.suspended()));
    }

    @GET
    @Path("/plans")
    public Map<String, Object> plans() {
        return Map.of(
                "plans", tenants.plans().stream().map(AdminResource::planJson).toList());
    }

    @PUT
    @Path("/plans/{planId}")
    public Map<String, Object> savePlan(@PathParam("planId") String planId, PlanBody body) {
        PlanBody b = Bodies.require(body);
        if (b.maxSessions() == null || b.dailyMessageLimit() == null) {
            throw WapiException.invalid("maxSessions and dailyMessageLimit are required");
        }
        return planJson(tenants.savePlan(
                planId,
                new PlanInput(
                        b.name(),
                        b.maxSessions(),
                        b.dailyMessageLimit(),
                        b.maxBulkJobs(),
                        b.maxBulkRecipients(),
                        b.maxBulkSendsPerSecond())));
    }

    private static Map<String, Object> tenantJson(Tenant t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenantId", t.id());
        json.put("name", t.name());
        json.put("email", t.email());
        json.put("plan", t.planId());
        json.put("suspended", t.suspended());
        json.put("createdAt", java.time.Instant.ofEpochMilli(t.createdAt()).toString());
        return json;
    }

    private static Map<String, Object> planJson(Plan p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("planId", p.id());
        json.put("name", p.name());
        json.put("maxSessions", p.maxSessions());
        json.put("dailyMessageLimit", p.dailyMessageLimit());
        json.put("maxBulkJobs", p.maxBulkJobs());
        json.put("maxBulkRecipients", p.maxBulkRecipients());
        json.put("maxBulkSendsPerSecond", p.maxBulkSendsPerSecond());
        return json;
    }
}
