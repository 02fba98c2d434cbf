package cloud.wapiconnect.rest;

import cloud.wapiconnect.cluster.ClusterAdmin;
import cloud.wapiconnect.cluster.ClusterRepository;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.AdminAuth;
import cloud.wapiconnect.rest.dto.AdminJson;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.CreateTenantBody;
import cloud.wapiconnect.rest.dto.MoveBody;
import cloud.wapiconnect.rest.dto.PlanBody;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.rest.dto.UpdateTenantBody;
import cloud.wapiconnect.tenant.CreatedTenant;
import cloud.wapiconnect.tenant.PlanInput;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The operator's API: tenants, plans and the cluster's nodes. */
@Path("/api/admin")
@AdminAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject
    TenantService tenants;

    @Inject
    ClusterAdmin cluster;

    @GET
    @Path("/nodes")
    public AdminJson.Nodes nodes() {
        return new AdminJson.Nodes(
                cluster.nodes().stream().map(AdminJson.NodeJson::of).toList());
    }

    @GET
    @Path("/sessions")
    public AdminJson.Sessions sessions(
            @QueryParam("tenantId") String tenantId,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit) {
        Page<ClusterRepository.PlacementRow> result = cluster.sessions(
                QueryParams.optional(tenantId), PageRequest.parse(page, limit, PageSize.ADMIN_SESSIONS));
        return new AdminJson.Sessions(
                result.items().stream().map(AdminJson.SessionJson::of).toList(),
                result.total(),
                result.page(),
                result.pages());
    }

    @POST
    @Path("/sessions/{tenantId}/{sessionId}/move")
    public SuccessJson moveSession(
            @PathParam("tenantId") String tenantId, @PathParam("sessionId") String sessionId, MoveBody body) {
        cluster.move(tenantId, sessionId, Bodies.require(body).node());
        return SuccessJson.OK;
    }

    @POST
    @Path("/tenants")
    public Response createTenant(CreateTenantBody body) {
        CreateTenantBody b = Bodies.require(body);
        CreatedTenant created = tenants.create(b.name(), b.email(), b.plan());
        return Response.status(Response.Status.CREATED)
                .entity(AdminJson.CreatedTenantJson.of(created))
                .build();
    }

    @GET
    @Path("/tenants")
    public AdminJson.Tenants tenants() {
        return new AdminJson.Tenants(
                tenants.list().stream().map(AdminJson.TenantJson::of).toList());
    }

    @PATCH
    @Path("/tenants/{tenantId}")
    public AdminJson.TenantJson updateTenant(@PathParam("tenantId") String tenantId, UpdateTenantBody body) {
        UpdateTenantBody b = Bodies.require(body);
        return AdminJson.TenantJson.of(tenants.update(tenantId, b.plan(), b.suspended()));
    }

    @GET
    @Path("/plans")
    public AdminJson.Plans plans() {
        return new AdminJson.Plans(
                tenants.plans().stream().map(AdminJson.PlanJson::of).toList());
    }

    @PUT
    @Path("/plans/{planId}")
    public AdminJson.PlanJson savePlan(@PathParam("planId") String planId, PlanBody body) {
        PlanBody b = Bodies.require(body);
        if (b.maxSessions() == null || b.dailyMessageLimit() == null) {
            throw WapiException.invalid("maxSessions and dailyMessageLimit are required");
        }
        return AdminJson.PlanJson.of(tenants.savePlan(
                planId,
                new PlanInput(
                        b.name(),
                        b.maxSessions(),
                        b.dailyMessageLimit(),
                        b.maxBulkJobs(),
                        b.maxBulkRecipients(),
                        b.maxBulkSendsPerSecond())));
    }
}
