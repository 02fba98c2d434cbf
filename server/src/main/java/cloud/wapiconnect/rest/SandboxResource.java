package cloud.wapiconnect.rest;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.GroupBodies;
import cloud.wapiconnect.rest.dto.IncomingBody;
import cloud.wapiconnect.rest.dto.PollVoteBody;
import cloud.wapiconnect.rest.dto.ScanBody;
import cloud.wapiconnect.sandbox.SandboxService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    @POST
    @Path("/scan")
    public Map<String, Object> scan(@PathParam("sessionId") String sessionId, ScanBody body) {
        sandbox.scan(tenant.get(), sessionId, Bodies.require(body).phoneNumber());
        return Map.of("success", true);
    }

    @POST
    @Path("/incoming")
    public Map<String, Object> incoming(@PathParam("sessionId") String sessionId, IncomingBody body) {
        String id =
                sandbox.incoming(tenant.get(), sessionId, Bodies.require(body).toIncoming());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("messageId", id);
        return json;
    }

    @POST
    @Path("/poll-vote")
    public Map<String, Object> pollVote(@PathParam("sessionId") String sessionId, PollVoteBody body) {
        PollVoteBody b = Bodies.require(body);
        sandbox.pollVote(tenant.get(), sessionId, b.from(), b.pollMessageId(), b.options());
        return Map.of("success", true);
    }

    @POST
    @Path("/group-added")
    public Map<String, Object> groupAdded(@PathParam("sessionId") String sessionId, GroupBodies.Simulation body) {
        GroupBodies.Simulation b = body == null ? new GroupBodies.Simulation(null, null, null) : body;
        String group = sandbox.addedToGroup(tenant.get(), sessionId, b.groupJid(), b.subject(), b.by());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("groupJid", group);
        return json;
    }

    @POST
    @Path("/group-removed")
    public Map<String, Object> groupRemoved(@PathParam("sessionId") String sessionId, GroupBodies.Simulation body) {
        GroupBodies.Simulation b = Bodies.require(body);
        sandbox.removedFromGroup(tenant.get(), sessionId, b.groupJid(), b.by());
        return Map.of("success", true);
    }

    @POST
    @Path("/connection-lost")
    public Map<String, Object> connectionLost(@PathParam("sessionId") String sessionId) {
        sandbox.connectionLost(tenant.get(), sessionId);
        return Map.of("success", true);
    }

    @POST
    @Path("/logged-out")
    public Map<String, Object> loggedOut(@PathParam("sessionId") String sessionId) {
        sandbox.loggedOut(tenant.get(), sessionId);
        return Map.of("success", true);
    }

    @GET
    @Path("/delivered")
    public Map<String, Object> delivered(@PathParam("sessionId") String sessionId) {
        return Map.of(
                "messages",
                sandbox.delivered(tenant.get(), sessionId).stream()
                        .map(d -> {
                            Map<String, Object> json = new LinkedHashMap<>();
                            json.put("messageId", d.messageId());
                            json.put("to", d.to());
                            json.put("type", d.type());
                            json.put("message", d.body());
                            if (d.mimeType() != null) {
                                json.put("mimeType", d.mimeType());
                                json.put("size", d.size());
                                json.put("sha256", d.sha256());
                                json.put("fileName", d.fileName());
                                json.put("voiceNote", d.voiceNote());
                            }
                            if (d.poll() != null) {
                                json.put("poll", Json.readObject(d.poll()));
                            }
                            if (d.details() != null) {
                                json.putAll(Json.readObject(d.details()));
                            }
                            json.put(
                                    "createdAt",
                                    Instant.ofEpochMilli(d.createdAt()).toString());
                            return json;
                        })
                        .toList());
    }
}
