package cloud.wapiconnect.rest;

import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.WebhookBody;
import cloud.wapiconnect.rest.dto.WebhookJson;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Webhook settings: the document's single URL ({@code /api/settings/webhook}, the default endpoint),
 * more endpoints under {@code /api/settings/webhooks}, test events and the delivery log.
 */
// Rooted at /api like AccountResource: JAX-RS picks one resource class by its longest root path and
// does not backtrack, so a root of /api/settings here would hide /api/settings/api-key/reset.
@Path("/api")
@TenantAuth
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
    public Map<String, Object> getDefault() {
        return WebhookJson.endpoint(webhooks.defaultEndpoint(tenant.get()));
    }

    @PUT
    @Path("/settings/webhook")
    public Map<String, Object> putDefault(WebhookBody body) {
        return WebhookJson.endpoint(Optional.of(webhooks.saveDefault(tenant.get(), input(body))));
    }

    @DELETE
    @Path("/settings/webhook")
    public Map<String, Object> deleteDefault() {
        webhooks.deleteDefault(tenant.get());
        return Map.of("success", true);
    }

    @POST
    @Path("/settings/webhook/test")
    public Map<String, Object> testDefault() {
        return testQueued(webhooks.test(tenant.get(), Optional.empty()));
    }

    @GET
    @Path("/settings/webhook/deliveries")
    public Map<String, Object> deliveries(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("status") String status,
            @QueryParam("endpointId") String endpointId) {
        Page<Delivery> result = webhooks.deliveries(
                tenant.get(),
                PageRequest.parse(page, limit, PageSize.WEBHOOK_DELIVERIES),
                QueryParams.optional(status),
                QueryParams.optional(endpointId));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
                "deliveries", result.items().stream().map(WebhookJson::delivery).toList());
        json.put("total", result.total());
        json.put("page", result.page());
        json.put("pages", result.pages());
        return json;
    }

    @POST
    @Path("/settings/webhook/deliveries/{eventId}/redeliver")
    public Map<String, Object> redeliver(
            @PathParam("eventId") String eventId, @QueryParam("endpointId") String endpointId) {
        long id = QueryParams.longValue("eventId", eventId);
        int queued = webhooks.redeliver(tenant.get(), id, QueryParams.optional(endpointId));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("eventId", id);
        json.put("queued", queued);
        return json;
    }

    @GET
    @Path("/settings/webhooks")
    public Map<String, Object> list() {
        return Map.of(
                "webhooks",
                webhooks.list(tenant.get()).stream()
                        .map(e -> WebhookJson.endpoint(Optional.of(e)))
                        .toList());
    }

    @POST
    @Path("/settings/webhooks")
    public Response create(WebhookBody body) {
        return Response.status(Response.Status.CREATED)
                .entity(WebhookJson.endpoint(Optional.of(webhooks.create(tenant.get(), input(body)))))
                .build();
    }

    @GET
    @Path("/settings/webhooks/{webhookId}")
    public Map<String, Object> get(@PathParam("webhookId") String id) {
        return WebhookJson.endpoint(Optional.of(webhooks.get(tenant.get(), id)));
    }

    @PUT
    @Path("/settings/webhooks/{webhookId}")
    public Map<String, Object> update(@PathParam("webhookId") String id, WebhookBody body) {
        return WebhookJson.endpoint(Optional.of(webhooks.update(tenant.get(), id, input(body))));
    }

    @DELETE
    @Path("/settings/webhooks/{webhookId}")
    public Map<String, Object> delete(@PathParam("webhookId") String id) {
        webhooks.delete(tenant.get(), id);
        return Map.of("success", true);
    }

    @POST
    @Path("/settings/webhooks/{webhookId}/test")
    public Map<String, Object> test(@PathParam("webhookId") String id) {
        return testQueued(webhooks.test(tenant.get(), Optional.of(id)));
    }

    private static Map<String, Object> testQueued(long eventId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("eventId", eventId);
        return json;
    }

    private static WebhookInput input(WebhookBody body) {
        WebhookBody b = Bodies.require(body);
        return new WebhookInput(b.url(), b.secret(), b.events(), b.sessions());
    }
}
