package cloud.wapiconnect.rest;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.MessageQuery;
import cloud.wapiconnect.message.MessageService;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.message.SendResult;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.Bodies;
import cloud.wapiconnect.rest.dto.MessageChangeBodies;
import cloud.wapiconnect.rest.dto.MessageJson;
import cloud.wapiconnect.rest.dto.PresenceBody;
import cloud.wapiconnect.rest.dto.ReadBody;
import cloud.wapiconnect.rest.dto.SendBody;
import cloud.wapiconnect.rest.dto.SuccessJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {
    @Inject
    MessageService messages;

    @Inject
    MessageLog log;

    @Inject
    RequestTenant tenant;

    @POST
    @Path("/session/{sessionId}/send")
    public MessageJson.Sent send(
            @PathParam("sessionId") String sessionId,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            SendBody body) {
        SendResult result = messages.send(
                tenant.get(), sessionId, Bodies.require(body).toRequest(), Optional.ofNullable(idempotencyKey));
        return new MessageJson.Sent(true, result.messageId(), result.timestamp());
    }

    @POST
    @Path("/session/{sessionId}/presence")
    public SuccessJson presence(@PathParam("sessionId") String sessionId, PresenceBody body) {
        PresenceBody b = Bodies.require(body);
        messages.sendPresence(tenant.get(), sessionId, b.to(), b.state());
        return SuccessJson.OK;
    }

    @POST
    @Path("/session/{sessionId}/read")
    public MessageJson.Marked read(@PathParam("sessionId") String sessionId, ReadBody body) {
        ReadBody b = Bodies.require(body);
        int marked = messages.markRead(tenant.get(), sessionId, b.chat(), b.messageIds());
        return new MessageJson.Marked(true, marked);
    }

    /** Replaces the text of a text message the session sent (WhatsApp: within 15 minutes). */
    @POST
    @Path("/session/{sessionId}/messages/{messageId}/edit")
    public MessageJson.Changed edit(
            @PathParam("sessionId") String sessionId,
            @PathParam("messageId") String messageId,
            MessageChangeBodies.Edit body) {
        return new MessageJson.Changed(
                true,
                MessageJson.of(messages.edit(
                        tenant.get(), sessionId, messageId, Bodies.require(body).message())));
    }

    /** Deletes a message the session sent for everyone (WhatsApp: within about 2 days); {@code forMe}: this device only. */
    @DELETE
    @Path("/session/{sessionId}/messages/{messageId}")
    public MessageJson.Changed revoke(
            @PathParam("sessionId") String sessionId,
            @PathParam("messageId") String messageId,
            @QueryParam("forMe") String forMe) {
        return new MessageJson.Changed(
                true,
                MessageJson.of(messages.revoke(
                        tenant.get(), sessionId, messageId, QueryParams.booleanValue("forMe", forMe, false))));
    }

    @POST
    @Path("/session/{sessionId}/messages/{messageId}/forward")
    public MessageJson.Sent forward(
            @PathParam("sessionId") String sessionId,
            @PathParam("messageId") String messageId,
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            MessageChangeBodies.Forward body) {
        SendResult result = messages.forward(
                tenant.get(), sessionId, messageId, Bodies.require(body).to(), Optional.ofNullable(idempotencyKey));
        return new MessageJson.Sent(true, result.messageId(), result.timestamp());
    }

    /** The raw bytes of an incoming message's media, as WhatsApp delivered them. */
    @GET
    @Path("/session/{sessionId}/media/{messageId}")
    @Produces(MediaType.WILDCARD)
    public Response media(@PathParam("sessionId") String sessionId, @PathParam("messageId") String messageId) {
        IncomingMedia media = messages.downloadMedia(tenant.get(), sessionId, messageId);
        return Response.ok(media.data(), media.mimeType())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment(media.fileName(), messageId))
                .build();
    }

    @GET
    @Path("/messages")
    public MessageJson.Page messages(
            @QueryParam("page") String page,
            @QueryParam("limit") String limit,
            @QueryParam("sessionId") String sessionId,
            @QueryParam("direction") String direction,
            @QueryParam("status") String status) {
        MessagePage result = log.query(new MessageQuery(
                tenant.get().id(),
                QueryParams.optional(sessionId),
                Optional.ofNullable(QueryParams.enumValue("direction", direction, Direction.class)),
                Optional.ofNullable(QueryParams.enumValue("status", status, MessageStatus.class)),
                PageRequest.parse(page, limit, PageSize.MESSAGES)));
        return new MessageJson.Page(
                result.messages().stream().map(MessageJson::of).toList(),
                result.total(),
                result.page(),
                result.pages());
    }
}
