package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.CreateSessionBody;
import cloud.wapiconnect.rest.dto.PairingCodeBody;
import cloud.wapiconnect.rest.dto.SessionJson;
import cloud.wapiconnect.rest.dto.UpdateSessionBody;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/session")
    public SessionJson.Created create(CreateSessionBody body) {
        CreateSessionBody b = Bodies.require(body);
        return SessionJson.Created.of(sessions.create(tenant.get(), b.sessionId(), b.name(), b.proxy()));
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/status")
    public SessionJson status(@PathParam("sessionId") String sessionId) {
        return SessionJson.of(sessions.status(tenant.get(), sessionId));
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/sessions")
    public SessionJson.Sessions list() {
        return new SessionJson.Sessions(
                sessions.list(tenant.get()).stream().map(SessionJson::of).toList());
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/session/{sessionId}/disconnect")
    public SessionJson.Disconnected disconnect(@PathParam("sessionId") String sessionId) {
        return SessionJson.Disconnected.of(sessions.disconnect(tenant.get(), sessionId));
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/session/{sessionId}/pairing-code")
    public SessionJson.PairingCode pairingCode(@PathParam("sessionId") String sessionId, PairingCodeBody body) {
        String code = sessions.requestPairingCode(
                tenant.get(), sessionId, Bodies.require(body).phoneNumber());
        return new SessionJson.PairingCode(true, sessionId, code);
    }

    @KeyAccess(Access.MANAGE)
    @PATCH
    @Path("/session/{sessionId}")
    public SessionJson update(@PathParam("sessionId") String sessionId, UpdateSessionBody body) {
        return SessionJson.of(sessions.changeProxy(
                tenant.get(), sessionId, Bodies.require(body).proxyOrNull()));
    }

    @KeyAccess(Access.MANAGE)
    @DELETE
    @Path("/session/{sessionId}")
    public SessionJson.Deleted delete(@PathParam("sessionId") String sessionId) {
        sessions.delete(tenant.get(), sessionId);
        return new SessionJson.Deleted(true, sessionId);
    }
}
