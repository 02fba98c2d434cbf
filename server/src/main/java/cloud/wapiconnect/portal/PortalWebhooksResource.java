package cloud.wapiconnect.portal;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.webhook.WebhookEndpoint;
import cloud.wapiconnect.webhook.WebhookInput;
import cloud.wapiconnect.webhook.WebhookService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings → Webhook: the URL, secret and events, a test event, and the recent deliveries. */
@Path("/portal/webhooks")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalWebhooksResource {
    static final PageRequest RECENT = new PageRequest(1, 20);
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "Webhook saved.",
            "tested", "Test event queued: its delivery shows below in a moment.");

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    WebhookService webhooks;

    @GET
    public Response settings(@QueryParam("done") String done) {
        return page(null, done, Map.of());
    }

    /**
     * @param secret blank keeps the current secret; {@code removeSecret} removes it
     */
    @POST
    public Response save(
            @FormParam("url") String url,
            @FormParam("secret") String secret,
            @FormParam("removeSecret") String removeSecret,
            @FormParam("events") List<String> events) {
        String keptSecret = "yes".equals(removeSecret) ? "" : secret == null || secret.isEmpty() ? null : secret;
        try {
            webhooks.saveDefault(
                    portal.tenant(),
                    new WebhookInput(
                            url == null ? null : url.strip(),
                            keptSecret,
                            events == null ? List.of() : events,
                            List.of()));
        } catch (WapiException e) {
            return page(e, null, Map.of("url", url == null ? "" : url));
        }
        return PortalPages.redirect("/portal/webhooks?done=saved");
    }

    @POST
    @Path("/test")
    public Response test() {
        try {
            webhooks.test(portal.tenant(), Optional.empty());
        } catch (WapiException e) {
            return page(e, null, Map.of());
        }
        return PortalPages.redirect("/portal/webhooks?done=tested");
    }

    private Response page(WapiException error, String done, Map<String, Object> extra) {
        Optional<WebhookEndpoint> endpoint = webhooks.defaultEndpoint(portal.tenant());
        Map<String, Object> model = new HashMap<>();
        model.put("nav-webhooks", true);
        model.put("url", endpoint.map(WebhookEndpoint::url).orElse(""));
        model.put("hasSecret", endpoint.flatMap(WebhookEndpoint::secret).isPresent());
        model.put("configured", endpoint.isPresent());
        model.put(
                "disabledReason",
                endpoint.flatMap(WebhookEndpoint::disabledReason).orElse(null));
        model.put(
                "events",
                WebhookService.SUBSCRIBABLE.stream()
                        .filter(t -> t != EventType.TEST)
                        .map(type -> Map.of(
                                "name", type.wireName(),
                                "checked",
                                        endpoint.map(e -> e.eventTypes().isEmpty()
                                                        || e.eventTypes().contains(type))
                                                .orElse(true)))
                        .toList());
        model.put(
                "deliveries",
                PortalViews.deliveries(webhooks.deliveries(portal.tenant(), RECENT, Optional.empty(), Optional.empty())
                        .items()));
        model.putAll(extra);
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        return error == null
                ? pages.ok("webhooks", "Webhook", model)
                : pages.failed(error, "webhooks", "Webhook", model);
    }
}
