package cloud.wapiconnect.rest;

import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.SuccessJson;
import cloud.wapiconnect.rest.dto.WebhookBody;
import cloud.wapiconnect.rest.dto.WebhookJson;
import cloud.wapiconnect.tenant.Access;
import cloud.wapiconnect.webhook.Delivery;
import cloud.wapiconnect.webhook.WebhookInput;
import cloud.wapiconnect.webhook.WebhookService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Webhook settings: the document's single URL ({@code /api/settings/webhook}, the default endpoint),
 * more endpoints under {@code /api/settings/webhooks}, test events and the delivery log.
 */
// Rooted at /api like AccountResource: JAX-RS picks one resource class by its longest root path and
// does not backtrack, so a root of /api/settings here would hide /api/settings/api-key/reset.
@Path("/api")
@TenantAuth
// Webhook settings, read or written, are the account's: full keys only.
@KeyAccess(Access.MANAGE)
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {
    @Inject
    WebhookService webhooks;

    @Inject
    RequestTenant tenant;

    @GET
    @Path("/settings/webhook")
    public WebhookJson getDefault() {
        return WebhookJson.of(webhooks.defaultEndpoint(tenant.get()));
    }

    @PUT
    @Path("/settings/webhook")
    public WebhookJson putDefault(WebhookBody body) {
        return WebhookJson.of(webhooks.saveDefault(tenant.get(), input(body)));
    }

    @DELETE
    @Path("/settings/webhook")
    public SuccessJson deleteDefault() {
        webhooks.deleteDefault(tenant.get());
        return SuccessJson.OK;
    }

    @POST
    @Path("/settings/webhook/test")
    public WebhookJson.TestQueued testDefault() {
        return new WebhookJson.TestQueued(true, webhooks.test(tenant.get(), Optional.empty()));
    }

    @GET
    @Path("/settings/webhook/deliveries")
    public WebhookJson.Deliveries deliveries(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status,
            @QueryParam("endpointId") String endpointId) {
        Page<Delivery> result = webhooks.deliveries(
                tenant.get(),
                PageRequest.parse(page, limit, PageSize.WEBHOOK_DELIVERIES),
                QueryParams.optional(status),
                QueryParams.optional(endpointId));
        return new WebhookJson.Deliveries(
                result.items().stream().map(WebhookJson.DeliveryJson::of).toList(),
                result.total(),
                result.page(),
                result.pages());
    }

    @POST
    @Path("/settings/webhook/deliveries/{eventId}/redeliver")
    public WebhookJson.Redelivered redeliver(
            @PathParam("eventId") String eventId, @QueryParam("endpointId") String endpointId) {
        long id = QueryParams.longValue("eventId", eventId);
        int queued = webhooks.redeliver(tenant.get(), id, QueryParams.optional(endpointId));
        return new WebhookJson.Redelivered(true, id, queued);
    }

    @GET
    @Path("/settings/webhooks")
    public WebhookJson.Webhooks list() {
        return new WebhookJson.Webhooks(
                webhooks.list(tenant.get()).stream().map(WebhookJson::of).toList());
    }

    @POST
    @Path("/settings/webhooks")
    public Response create(WebhookBody body) {
        return Response.status(Response.Status.CREATED)
                .entity(WebhookJson.of(webhooks.create(tenant.get(), input(body))))
                .build();
    }

    @GET
    @Path("/settings/webhooks/{webhookId}")
    public WebhookJson get(@PathParam("webhookId") String id) {
        return WebhookJson.of(webhooks.get(tenant.get(), id));
    }

    @PUT
    @Path("/settings/webhooks/{webhookId}")
    public WebhookJson update(@PathParam("webhookId") String id, WebhookBody body) {
        return WebhookJson.of(webhooks.update(tenant.get(), id, input(body)));
    }

    @DELETE
    @Path("/settings/webhooks/{webhookId}")
    public SuccessJson delete(@PathParam("webhookId") String id) {
        webhooks.delete(tenant.get(), id);
        return SuccessJson.OK;
    }

    @POST
    @Path("/settings/webhooks/{webhookId}/test")
    public WebhookJson.TestQueued test(@PathParam("webhookId") String id) {
        return new WebhookJson.TestQueued(true, webhooks.test(tenant.get(), Optional.of(id)));
    }

    private static WebhookInput input(WebhookBody body) {
        WebhookBody b = Bodies.require(body);
        return new WebhookInput(b.url(), b.secret(), b.events(), b.sessions());
    }
}
