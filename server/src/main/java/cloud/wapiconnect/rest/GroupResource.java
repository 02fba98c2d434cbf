package cloud.wapiconnect.rest;

import cloud.wapiconnect.group.GroupService;
import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.GroupBodies;
import cloud.wapiconnect.rest.dto.GroupJson;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.tenant.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The groups of a session's number. Same root path as the other /api/whatsapp resources, so JAX-RS matches them as one. */
@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {
    @Inject
    GroupService groups;

    @Inject
    RequestTenant tenant;

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/groups")
    public GroupJson.Groups list(@PathParam("sessionId") String sessionId) {
        return new GroupJson.Groups(
                groups.list(tenant.get(), sessionId).stream().map(GroupJson::of).toList());
    }

    @KeyAccess(Access.SEND)
    @POST
    @Path("/session/{sessionId}/groups")
    public GroupJson.Changed create(@PathParam("sessionId") String sessionId, GroupBodies.Create body) {
        GroupBodies.Create b = Bodies.require(body);
        return GroupJson.Changed.of(groups.create(tenant.get(), sessionId, b.subject(), b.participants()));
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/groups/{groupJid}")
    public GroupJson get(@PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        return GroupJson.of(groups.get(tenant.get(), sessionId, groupJid));
    }

    @KeyAccess(Access.SEND)
    @PUT
    @Path("/session/{sessionId}/groups/{groupJid}")
    public GroupJson.Changed update(
            @PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid, GroupBodies.Update body) {
        GroupBodies.Update b = Bodies.require(body);
        return GroupJson.Changed.of(groups.update(tenant.get(), sessionId, groupJid, b.subject(), b.description()));
    }

    @KeyAccess(Access.SEND)
    @POST
    @Path("/session/{sessionId}/groups/{groupJid}/participants")
    public GroupJson.Results participants(
            @PathParam("sessionId") String sessionId,
            @PathParam("groupJid") String groupJid,
            GroupBodies.Participants body) {
        var results = groups.updateParticipants(
                tenant.get(), sessionId, groupJid, Bodies.require(body).changes());
        return new GroupJson.Results(
                true, results.stream().map(GroupJson.Result::of).toList());
    }

    @KeyAccess(Access.SEND)
    @POST
    @Path("/session/{sessionId}/groups/{groupJid}/leave")
    public SuccessJson leave(@PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        groups.leave(tenant.get(), sessionId, groupJid);
        return SuccessJson.OK;
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/groups/{groupJid}/invite-code")
    public GroupJson.Invite inviteCode(
            @PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        return GroupJson.Invite.of(groups.invite(tenant.get(), sessionId, groupJid));
    }
}
