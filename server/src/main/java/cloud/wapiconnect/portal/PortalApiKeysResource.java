package cloud.wapiconnect.portal;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.rest.dto.MessageJson;
import cloud.wapiconnect.tenant.ApiKey;
import cloud.wapiconnect.tenant.ApiKeyInput;
import cloud.wapiconnect.tenant.ApiKeyService;
import cloud.wapiconnect.tenant.CreatedApiKey;
import cloud.wapiconnect.tenant.Scope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings → API keys: the tenant's named keys (create with the secret shown once, revoke). Forms are CSRF-checked by
 * {@link PortalFilter} like every portal form.
 */
@Path("/portal/api-keys")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalApiKeysResource {
    private static final String TITLE = "API keys";
    private static final Map<String, String> NOTICES = Map.of("revoked", "API key revoked: it no longer works.");

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    ApiKeyService keys;

    @GET
    public Response list(@QueryParam("done") String done) {
        Map<String, Object> model = new HashMap<>();
        if (done != null && NOTICES.containsKey(done)) {
            model.put("notice", NOTICES.get(done));
        }
        return page(null, model);
    }

    /**
     * The secret is on the page this answers with, never in a URL or a redirect.
     *
     * @param sessions session ids separated by commas or spaces; empty for all sessions
     * @param expires a date (yyyy-MM-dd, UTC): the key works until that day starts; empty for never
     */
    @POST
    public Response create(
            @FormParam("name") String name,
            @FormParam("scope") String scope,
            @FormParam("sessions") String sessions,
            @FormParam("expires") String expires) {
        CreatedApiKey created;
        try {
            List<String> ids = sessions == null || sessions.isBlank()
                    ? List.of()
                    : Arrays.stream(sessions.strip().split("[,\\s]+")).toList();
            created = keys.create(
                    portal.tenant(), new ApiKeyInput(name, List.of(Scope.parse(scope)), ids, expiry(expires)));
        } catch (WapiException e) {
            return page(e, Map.of("name", name == null ? "" : name, "sessions", sessions == null ? "" : sessions));
        }
        return page(
                null,
                Map.of("newKey", created.secret(), "newKeyName", created.key().name()));
    }

    @POST
    @Path("/{keyId}/revoke")
    public Response revoke(@PathParam("keyId") String keyId) {
        try {
            keys.delete(portal.tenant(), keyId);
        } catch (WapiException e) {
            return page(e, Map.of());
        }
        return PortalPages.redirect("/portal/api-keys?done=revoked");
    }

    private static Long expiry(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.strip())
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException e) {
            throw WapiException.invalidField("expiresAt", "The expiry must be a date (yyyy-MM-dd)");
        }
    }

    private Response page(WapiException error, Map<String, Object> extra) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav-keys", true);
        model.put(
                "keys",
                keys.list(portal.tenant()).stream()
                        .map(PortalApiKeysResource::view)
                        .toList());
        model.putAll(extra);
        return error == null ? pages.ok("api-keys", TITLE, model) : pages.failed(error, "api-keys", TITLE, model);
    }

    private static Map<String, Object> view(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("prefix", k.prefix());
        m.put(
                "scopes",
                String.join(", ", k.scopes().stream().sorted().map(Scope::wire).toList()));
        m.put("sessions", k.sessions().isEmpty() ? "all" : String.join(", ", k.sessions()));
        m.put("createdAt", MessageJson.iso(k.createdAt()));
        m.put("lastUsedAt", k.lastUsedAt() == null ? "never" : MessageJson.iso(k.lastUsedAt()));
        m.put("expiresAt", k.expiresAt() == null ? "never" : MessageJson.iso(k.expiresAt()));
        return m;
    }
}
