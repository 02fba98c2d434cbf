package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.GroupBodies;
import cloud.wapiconnect.rest.dto.IncomingBody;
import cloud.wapiconnect.rest.dto.LidMappingBody;
import cloud.wapiconnect.rest.dto.LimitsBody;
import cloud.wapiconnect.rest.dto.MessageChangeBodies;
import cloud.wapiconnect.rest.dto.PollVoteBody;
import cloud.wapiconnect.rest.dto.SandboxJson;
import cloud.wapiconnect.rest.dto.ScanBody;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.tenant.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The sandbox engine's control panel (only while {@code WAPI_ENGINE=sandbox}). */
@Path("/api/sandbox/session/{sessionId}")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SandboxResource {
    @Inject
    SandboxService sandbox;

    @Inject
    RequestTenant tenant;

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/scan")
    public SuccessJson scan(@PathParam("sessionId") String sessionId, ScanBody body) {
        sandbox.scan(tenant.get(), sessionId, Bodies.require(body).phoneNumber());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/incoming")
    public SandboxJson.Incoming incoming(@PathParam("sessionId") String sessionId, IncomingBody body) {
        String id =
                sandbox.incoming(tenant.get(), sessionId, Bodies.require(body).toIncoming());
        return new SandboxJson.Incoming(true, id);
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/incoming-edit")
    public SuccessJson incomingEdit(@PathParam("sessionId") String sessionId, MessageChangeBodies.Incoming body) {
        MessageChangeBodies.Incoming b = Bodies.require(body);
        sandbox.incomingEdit(tenant.get(), sessionId, b.messageId(), b.body());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/incoming-revoke")
    public SuccessJson incomingRevoke(@PathParam("sessionId") String sessionId, MessageChangeBodies.Incoming body) {
        sandbox.incomingRevoke(tenant.get(), sessionId, Bodies.require(body).messageId());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/poll-vote")
    public SuccessJson pollVote(@PathParam("sessionId") String sessionId, PollVoteBody body) {
        PollVoteBody b = Bodies.require(body);
        sandbox.pollVote(tenant.get(), sessionId, b.from(), b.pollMessageId(), b.options());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/group-added")
    public SandboxJson.GroupAdded groupAdded(@PathParam("sessionId") String sessionId, GroupBodies.Simulation body) {
        GroupBodies.Simulation b = body == null ? new GroupBodies.Simulation(null, null, null) : body;
        String group = sandbox.addedToGroup(tenant.get(), sessionId, b.groupJid(), b.subject(), b.by());
        return new SandboxJson.GroupAdded(true, group);
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/group-removed")
    public SuccessJson groupRemoved(@PathParam("sessionId") String sessionId, GroupBodies.Simulation body) {
        GroupBodies.Simulation b = Bodies.require(body);
        sandbox.removedFromGroup(tenant.get(), sessionId, b.groupJid(), b.by());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/connection-lost")
    public SuccessJson connectionLost(@PathParam("sessionId") String sessionId) {
        sandbox.connectionLost(tenant.get(), sessionId);
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/logged-out")
    public SuccessJson loggedOut(@PathParam("sessionId") String sessionId) {
        sandbox.loggedOut(tenant.get(), sessionId);
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/limits")
    public SuccessJson limits(@PathParam("sessionId") String sessionId, LimitsBody body) {
        LimitsBody b = Bodies.require(body);
        sandbox.limits(tenant.get(), sessionId, b.reachOut(), b.until(), b.newChats());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/lid-mapping")
    public SuccessJson lidMapping(@PathParam("sessionId") String sessionId, LidMappingBody body) {
        LidMappingBody b = Bodies.require(body);
        sandbox.lidMapping(tenant.get(), sessionId, b.phone(), b.lid());
        return SuccessJson.OK;
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/go-silent")
    public SuccessJson goSilent(@PathParam("sessionId") String sessionId) {
        sandbox.goSilent(tenant.get(), sessionId);
        return SuccessJson.OK;
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/delivered")
    public SandboxJson.Deliveries delivered(@PathParam("sessionId") String sessionId) {
        return new SandboxJson.Deliveries(sandbox.delivered(tenant.get(), sessionId).stream()
                .map(SandboxJson.Delivered::of)
                .toList());
    }
}
