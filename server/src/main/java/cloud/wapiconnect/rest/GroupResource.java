package cloud.wapiconnect.rest;

import cloud.wapiconnect.group.GroupInvite;
import cloud.wapiconnect.group.GroupService;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.GroupBodies;
import cloud.wapiconnect.rest.dto.GroupJson;
import cloud.wapiconnect.whatsapp.GroupInfo;
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
import java.util.LinkedHashMap;
import java.util.Map;

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

    @GET
    @Path("/session/{sessionId}/groups")
    public Map<String, Object> list(@PathParam("sessionId") String sessionId) {
        return Map.of(
                "groups",
                groups.list(tenant.get(), sessionId).stream().map(GroupJson::of).toList());
    }

    @POST
    @Path("/session/{sessionId}/groups")
    public Map<String, Object> create(@PathParam("sessionId") String sessionId, GroupBodies.Create body) {
        GroupBodies.Create b = Bodies.require(body);
        return success(groups.create(tenant.get(), sessionId, b.subject(), b.participants()));
    }

    @GET
    @Path("/session/{sessionId}/groups/{groupJid}")
    public Map<String, Object> get(@PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        return GroupJson.of(groups.get(tenant.get(), sessionId, groupJid));
    }

    @PUT
    @Path("/session/{sessionId}/groups/{groupJid}")
    public Map<String, Object> update(
            @PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid, GroupBodies.Update body) {
        GroupBodies.Update b = Bodies.require(body);
        return success(groups.update(tenant.get(), sessionId, groupJid, b.subject(), b.description()));
    }

    @POST
    @Path("/session/{sessionId}/groups/{groupJid}/participants")
    public Map<String, Object> participants(
            @PathParam("sessionId") String sessionId,
            @PathParam("groupJid") String groupJid,
            GroupBodies.Participants body) {
        var results = groups.updateParticipants(
                tenant.get(), sessionId, groupJid, Bodies.require(body).changes());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("participants", results.stream().map(GroupJson::result).toList());
        return json;
    }

    @POST
    @Path("/session/{sessionId}/groups/{groupJid}/leave")
    public Map<String, Object> leave(@PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        groups.leave(tenant.get(), sessionId, groupJid);
        return Map.of("success", true);
    }

    @GET
    @Path("/session/{sessionId}/groups/{groupJid}/invite-code")
    public Map<String, Object> inviteCode(
            @PathParam("sessionId") String sessionId, @PathParam("groupJid") String groupJid) {
        GroupInvite invite = groups.invite(tenant.get(), sessionId, groupJid);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inviteCode", invite.code());
        json.put("inviteLink", invite.link());
        return json;
    }

    private static Map<String, Object> success(GroupInfo group) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.putAll(GroupJson.of(group));
        return json;
    }
}
