package cloud.wapiconnect.rest;

import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.ApiKeyBodies;
import cloud.wapiconnect.rest.dto.ApiKeyJson;
import cloud.wapiconnect.rest.dto.UsageJson;
import cloud.wapiconnect.tenant.Access;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A tenant's own account: usage and API key. */
@Path("/api")
@TenantAuth
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    @Inject
    UsageService usage;

    @Inject
    TenantService tenants;

    @Inject
    RequestTenant tenant;

    @KeyAccess(Access.READ)
    @GET
    @Path("/usage")
    public UsageJson usage() {
        return UsageJson.of(usage.today(tenant.get()));
    }

    @KeyAccess(Access.MANAGE)
    @POST
    @Path("/settings/api-key/reset")
    public ApiKeyJson resetApiKey(ApiKeyBodies.Rotate body) {
        return new ApiKeyJson(tenants.resetApiKey(tenant.get(), ApiKeyBodies.Rotate.graceSeconds(body)));
    }
}
