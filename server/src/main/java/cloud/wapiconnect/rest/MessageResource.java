package cloud.wapiconnect.rest;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.MessageQuery;
import cloud.wapiconnect.message.MessageService;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.message.SendResult;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.MessageJson;
import cloud.wapiconnect.rest.dto.SendBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {
    private static final int DEFAULT_PAGE_SIZE = 20;

    @Inject
    MessageService messages;
    @Inject
    MessageLog log;
    @Inject
    RequestTenant tenant;

    @POST
    @Path("/session/{sessionId}/send")
    public Map<String, Object> send(@PathParam("sessionId") String sessionId,
                                    @HeaderParam("Idempotency-Key") String idempotencyKey,
                                    SendBody body) {
        SendResult result = messages.send(tenant.get(), sessionId, Bodies.require(body).toRequest(),
                Optional.ofNullable(idempotencyKey));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("success", true);
        json.put("messageId", result.messageId());
        json.put("timestamp", result.timestamp());
        return json;
    }

    @GET
    @Path("/messages")
    public Map<String, Object> messages(@QueryParam("page") String page, @QueryParam("limit") String limit,
                                        @QueryParam("sessionId") String sessionId,
                                        @QueryParam("direction") String direction,
                                        @QueryParam("status") String status) {
        MessagePage result = log.query(new MessageQuery(tenant.get().id(),
                Optional.ofNullable(sessionId).filter(s -> !s.isBlank()),
                Optional.ofNullable(enumParam("direction", direction, Direction.class)),
                Optional.ofNullable(enumParam("status", status, MessageStatus.class)),
                intParam("page", page, 1), intParam("limit", limit, DEFAULT_PAGE_SIZE)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages", result.messages().stream().map(MessageJson::of).toList());
        json.put("total", result.total());
        json.put("page", result.page());
        json.put("pages", result.pages());
        return json;
    }

    private static int intParam(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw WapiException.invalid(name + " must be a whole number");
        }
    }

    private static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WapiException.invalid(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
