package cloud.wapiconnect.rest;

import cloud.wapiconnect.chat.ChatPage;
import cloud.wapiconnect.chat.ChatService;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.rest.auth.KeyAccess;
import cloud.wapiconnect.rest.auth.RequestTenant;
import cloud.wapiconnect.rest.auth.TenantAuth;
import cloud.wapiconnect.rest.dto.ChatJson;
import cloud.wapiconnect.rest.dto.MessageJson;
import cloud.wapiconnect.tenant.Access;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;

/** A session's chats (from the message log), the contacts check and the contact lookup. */
@Path("/api/whatsapp")
@TenantAuth
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ChatResource {
    @Inject
    ChatService chats;

    @Inject
    ContactService contacts;

    @Inject
    RequestTenant tenant;

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/chats")
    public ChatJson.Page chats(
            @PathParam("sessionId") String sessionId,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit) {
        ChatPage result = chats.list(tenant.get(), sessionId, PageRequest.parse(page, limit, PageSize.CHATS));
        return new ChatJson.Page(
                result.chats().stream().map(ChatJson::of).toList(), result.total(), result.page(), result.pages());
    }

    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/chats/{jid}/messages")
    public MessageJson.Page messages(
            @PathParam("sessionId") String sessionId,
            @PathParam("jid") String jid,
            @QueryParam("page") String page,
            @QueryParam("limit") String limit) {
        MessagePage result =
                chats.messages(tenant.get(), sessionId, jid, PageRequest.parse(page, limit, PageSize.CHAT_MESSAGES));
        return new MessageJson.Page(
                result.messages().stream().map(MessageJson::of).toList(),
                result.total(),
                result.page(),
                result.pages());
    }

    /** {@code phones} is comma separated, or repeated. */
    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/contacts/check")
    public ChatJson.Contacts check(
            @PathParam("sessionId") String sessionId, @QueryParam("phones") List<String> phones) {
        List<String> split = phones.stream()
                .flatMap(p -> Arrays.stream(p.split(",")))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .toList();
        return new ChatJson.Contacts(contacts.check(tenant.get(), sessionId, split).stream()
                .map(ChatJson.Contact::of)
                .toList());
    }

    /** Who a phone number or LID is: both forms when the session knows the pair ({@code 404 CONTACT_NOT_FOUND} if not). */
    @KeyAccess(Access.READ)
    @GET
    @Path("/session/{sessionId}/contacts/{phoneOrLid}")
    public ChatJson.Identity contact(
            @PathParam("sessionId") String sessionId, @PathParam("phoneOrLid") String phoneOrLid) {
        return ChatJson.Identity.of(contacts.lookup(tenant.get(), sessionId, phoneOrLid));
    }
}
