package cloud.wapiconnect.portal;

import cloud.wapiconnect.account.AccountService;
import cloud.wapiconnect.cluster.ClusterAdmin;
import cloud.wapiconnect.cluster.ClusterRepository;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.TenantService;
import io.helidon.webserver.http.ServerRequest;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's view (signed in with the admin key): every tenant with its plan and suspension, the cluster's nodes,
 * the sessions with the node each runs on, and the plans.
 */
@Path("/portal/operator")
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalOperatorResource {
    @Inject
    PortalPages pages;

    @Inject
    TenantService tenants;

    @Inject
    AccountService accounts;

    @Inject
    ClusterAdmin cluster;

    @Inject
    PortalCookies cookies;

    @Context
    ServerRequest server;

    @GET
    @Path("/login")
    public Response loginForm() {
        return pages.ok("operator-login", "Operator login", Map.of());
    }

    @POST
    @Path("/login")
    public Response logIn(@FormParam("adminKey") String adminKey) {
        try {
            return PortalAccountResource.withLogin(
                    PortalPages.redirect("/portal/operator"),
                    accounts.operatorLogIn(adminKey, PortalAccountResource.clientAddress(server)),
                    cookies);
        } catch (WapiException e) {
            return pages.failed(e, "operator-login", "Operator login", Map.of());
        }
    }

    @GET
    @OperatorLogin
    public Response overview(@QueryParam("done") String done) {
        return page(null, "saved".equals(done));
    }

    @POST
    @OperatorLogin
    @Path("/tenants/{tenantId}")
    public Response update(
            @PathParam("tenantId") String tenantId,
            @FormParam("plan") String plan,
            @FormParam("suspended") String suspended) {
        try {
            tenants.update(tenantId, plan == null || plan.isBlank() ? null : plan, "yes".equals(suspended));
        } catch (WapiException e) {
            return page(e, false);
        }
        return PortalPages.redirect("/portal/operator?done=saved");
    }

    private Response page(WapiException error, boolean saved) {
        List<Plan> plans = tenants.plans();
        Map<String, Object> model = new HashMap<>();
        model.put("plans", plans);
        model.put(
                "tenants",
                tenants.list().stream()
                        .map(t -> Map.of(
                                "id",
                                t.id(),
                                "name",
                                t.name(),
                                "email",
                                t.email(),
                                "suspended",
                                t.suspended(),
                                "planOptions",
                                plans.stream()
                                        .map(p -> Map.of(
                                                "id", p.id(), "name", p.name(), "selected", p.id().equals(t.planId())))
                                        .toList()))
                        .toList());
        model.put(
                "nodes",
                cluster.nodes().stream()
                        .map(n -> Map.of(
                                "id", n.nodeId(),
                                "address", n.address(),
                                "state", n.draining() ? "draining" : n.live() ? "live" : "dead",
                                "heartbeatAgeMs", n.heartbeatAgeMs(),
                                "sessionsHeld", n.sessionsHeld()))
                        .toList());
        Page<ClusterRepository.PlacementRow> sessions =
                cluster.sessions(Optional.empty(), new PageRequest(1, PageSize.ADMIN_SESSIONS.defaultLimit()));
        model.put(
                "sessions",
                sessions.items().stream()
                        .map(p -> {
                            Map<String, Object> row = new HashMap<>();
                            row.put("tenantId", p.key().tenantId());
                            row.put("sessionId", p.key().sessionId());
                            row.put("status", p.status());
                            row.put("node", p.ownerNode());
                            return row;
                        })
                        .toList());
        if (sessions.total() > sessions.items().size()) {
            model.put("moreSessions", Map.of("shown", sessions.items().size(), "total", sessions.total()));
        }
        if (saved) {
            model.put("notice", "Tenant saved.");
        }
        return error == null
                ? pages.ok("operator", "Operator", model)
                : pages.failed(error, "operator", "Operator", model);
    }
}
