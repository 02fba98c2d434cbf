package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.ApiKeyBodies;
import cloud.wapiconnect.rest.dto.ApiKeyJson;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.tenant.Access;
import cloud.wapiconnect.tenant.ApiKeyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** A tenant's named API keys: full keys manage them, as the tenant's own key does. */
@Path("/api/settings/api-keys")
@TenantAuth
@KeyAccess(Access.MANAGE)
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyResource {
    @Inject
    ApiKeyService keys;

    @Inject
    RequestTenant tenant;

    @POST
    public Response create(ApiKeyBodies.Create body) {
        return Response.status(Response.Status.CREATED)
                .entity(ApiKeyJson.Created.of(
                        keys.create(tenant.get(), Bodies.require(body).input())))
                .build();
    }

    @GET
    public ApiKeyJson.Keys list() {
        return new ApiKeyJson.Keys(
                keys.list(tenant.get()).stream().map(ApiKeyJson.Listed::of).toList());
    }

    @DELETE
    @Path("/{keyId}")
    public SuccessJson delete(@PathParam("keyId") String keyId) {
        keys.delete(tenant.get(), keyId);
        return SuccessJson.OK;
    }

    @POST
    @Path("/{keyId}/rotate")
    public ApiKeyJson.Created rotate(@PathParam("keyId") String keyId, ApiKeyBodies.Rotate body) {
        return ApiKeyJson.Created.of(keys.rotate(tenant.get(), keyId, ApiKeyBodies.Rotate.graceSeconds(body)));
    }
}
