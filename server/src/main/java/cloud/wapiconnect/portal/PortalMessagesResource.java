package cloud.wapiconnect.portal;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.MessageQuery;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.rest.QueryParams;
import cloud.wapiconnect.session.SessionService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The message log with filters (session, direction, status) and pages. */
@Path("/portal/messages")
@PortalLogin
@RequestScoped
@Produces(MediaType.TEXT_HTML)
public class PortalMessagesResource {
    private static final int PAGE_SIZE = 25;

    @Inject
    PortalRequest portal;

    @Inject
    PortalPages pages;

    @Inject
    MessageLog log;

    @Inject
    SessionService sessions;

    @GET
    public Response messages(
            @QueryParam("session") String session,
            @QueryParam("direction") String direction,
            @QueryParam("status") String status,
            @QueryParam("page") String page) {
        Map<String, Object> model = new HashMap<>();
        model.put("nav-messages", true);
        Optional<String> sessionId = QueryParams.optional(session);
        model.put(
                "sessionOptions",
                sessions.list(portal.tenant()).stream()
                        .map(s -> Map.of(
                                "value",
                                s.sessionId(),
                                "selected",
                                sessionId.map(s.sessionId()::equals).orElse(false)))
                        .toList());
        model.put("directionOptions", options(Direction.values(), direction));
        model.put("statusOptions", options(MessageStatus.values(), status));
        MessagePage result;
        try {
            result = log.query(new MessageQuery(
                    portal.tenant().id(),
                    sessionId,
                    Optional.ofNullable(QueryParams.enumValue("direction", direction, Direction.class)),
                    Optional.ofNullable(QueryParams.enumValue("status", status, MessageStatus.class)),
                    new PageRequest(Math.max(1, QueryParams.intValue("page", page, 1)), PAGE_SIZE)));
        } catch (WapiException e) {
            model.put("messages", List.of());
            return pages.failed(e, "messages", "Messages", model);
        }
        model.put("messages", PortalViews.messages(result.messages()));
        model.put("total", result.total());
        model.put("page", result.page());
        model.put("pages", Math.max(1, result.pages()));
        String filters =
                "&session=" + encode(session) + "&direction=" + encode(direction) + "&status=" + encode(status);
        if (result.page() > 1) {
            model.put("previous", "?page=" + (result.page() - 1) + filters);
        }
        if (result.page() < result.pages()) {
            model.put("next", "?page=" + (result.page() + 1) + filters);
        }
        return pages.ok("messages", "Messages", model);
    }

    private static List<Map<String, Object>> options(Enum<?>[] values, String selected) {
        return Arrays.stream(values)
                .map(v -> {
                    String name = v.name().toLowerCase(Locale.ROOT);
                    return Map.<String, Object>of(
                            "value", name, "selected", name.equalsIgnoreCase(selected == null ? "" : selected.strip()));
                })
                .toList();
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value.strip(), StandardCharsets.UTF_8);
    }
}
