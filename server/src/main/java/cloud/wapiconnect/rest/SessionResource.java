package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.CreateSessionBody;
import cloud.wapiconnect.rest.dto.PairingCodeBody;
import cloud.wapiconnect.rest.dto.SessionJson;
import cloud.wapiconnect.session.CreatedSession;
import cloud.wapiconnect.session.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    @Inject
    SessionService sessions;

    @Inject
    RequestTenant tenant;

    @POST
    @Path("/session")
    public Map<String, Object> create(CreateSessionBody body) {
        CreateSessionBody b = Bodies.require(body);
        CreatedSession created = sessions.create(tenant.get(), b.sessionId(), b.name());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("sessionId", created.sessionId());
        json.put("isNew", created.isNew());
        json.put("status", created.status().wireName());
        return json;
    }

    @GET
    @Path("/session/{sessionId}/status")
    public Map<String, Object> status(@PathParam("sessionId") String sessionId) {
        return SessionJson.of(sessions.status(tenant.get(), sessionId));
    }

    @GET
    @Path("/sessions")
    public Map<String, Object> list() {
        return Map.of(
                "sessions",
                sessions.list(tenant.get()).stream().map(SessionJson::of).toList());
    }

    @POST
    @Path("/session/{sessionId}/disconnect")
    public Map<String, Object> disconnect(@PathParam("sessionId") String sessionId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.putAll(SessionJson.of(sessions.disconnect(tenant.get(), sessionId)));
        return json;
    }

    @POST
    @Path("/session/{sessionId}/pairing-code")
    public Map<String, Object> pairingCode(@PathParam("sessionId") String sessionId, PairingCodeBody body) {
        String code = sessions.requestPairingCode(
                tenant.get(), sessionId, Bodies.require(body).phoneNumber());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("sessionId", sessionId);
        json.put("pairingCode", code);
        return json;
    }

    @DELETE
    @Path("/session/{sessionId}")
    public Map<String, Object> delete(@PathParam("sessionId") String sessionId) {
        sessions.delete(tenant.get(), sessionId);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("sessionId", sessionId);
        return json;
    }
}
