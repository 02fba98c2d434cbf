package cloud.wapiconnect.grpc;

import cloud.wapiconnect.chat.Chat;
import cloud.wapiconnect.chat.ChatPage;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.identity.ContactIdentity;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.proto.v1.Contact;
import cloud.wapiconnect.proto.v1.Group;
import cloud.wapiconnect.proto.v1.GroupParticipant;
import cloud.wapiconnect.proto.v1.ListChatsResponse;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Groups, chats and contact checks as the gRPC API shows them. */
final class GroupMapper {
    private GroupMapper() {}

    static Group toProto(GroupInfo g) {
        Group.Builder b = Group.newBuilder()
                .setId(g.jid())
                .setSubject(Protos.orEmpty(g.subject()))
                .setDescription(Protos.orEmpty(g.description()))
                .setOwner(Protos.orEmpty(g.owner()));
        if (g.createdAt() != 0) {
            b.setCreatedAt(Protos.timestamp(g.createdAt()));
        }
        g.participants()
                .forEach(p -> b.addParticipants(GroupParticipant.newBuilder()
                        .setJid(p.jid())
                        .setIsAdmin(p.admin())
                        .setIsSuperAdmin(p.superAdmin())));
        return b.build();
    }

    /** The one-action map the service takes; UNSPECIFIED names no action, which the service refuses. */
    static Map<ParticipantAction, List<String>> changes(
            cloud.wapiconnect.proto.v1.ParticipantAction action, List<String> participants) {
        Map<ParticipantAction, List<String>> changes = new EnumMap<>(ParticipantAction.class);
        Protos.fromProto(ParticipantAction.class, "PARTICIPANT_ACTION_", action)
                .ifPresent(a -> changes.put(a, participants));
        return changes;
    }

    static cloud.wapiconnect.proto.v1.ParticipantResult toProto(ParticipantResult r) {
        return cloud.wapiconnect.proto.v1.ParticipantResult.newBuilder()
                .setJid(r.jid())
                .setStatus(r.outcome().wireName())
                .build();
    }

    static ListChatsResponse toProto(ChatPage page) {
        return ListChatsResponse.newBuilder()
                .addAllChats(page.chats().stream().map(GroupMapper::toProto).toList())
                .setTotal(page.total())
                .setPage(page.page())
                .setPages(page.pages())
                .build();
    }

    private static cloud.wapiconnect.proto.v1.Chat toProto(Chat c) {
        return cloud.wapiconnect.proto.v1.Chat.newBuilder()
                .setJid(c.jid())
                .setIsGroup(c.isGroup())
                .setUnreadCount(c.unreadCount())
                .setLastMessage(MessageMapper.toProto(c.lastMessage()))
                .setLid(Protos.orEmpty(c.lid()))
                .build();
    }

    static ListMessagesResponse toProto(MessagePage page) {
        return ListMessagesResponse.newBuilder()
                .addAllMessages(
                        page.messages().stream().map(MessageMapper::toProto).toList())
                .setTotal(page.total())
                .setPage(page.page())
                .setPages(page.pages())
                .build();
    }

    static Contact toProto(ContactService.Contact c) {
        return Contact.newBuilder()
                .setPhone(c.phone())
                .setJid(c.jid())
                .setOnWhatsapp(c.onWhatsApp())
                .build();
    }

    static cloud.wapiconnect.proto.v1.ContactIdentity toProto(ContactIdentity c) {
        return cloud.wapiconnect.proto.v1.ContactIdentity.newBuilder()
                .setPhone(Protos.orEmpty(c.phone()))
                .setJid(Protos.orEmpty(c.phoneJid()))
                .setLid(Protos.orEmpty(c.lidJid()))
                .build();
    }

    /** 0 (unset) means the first page / the default size, as REST's omitted parameters do. */
    static PageRequest paging(int page, int limit, PageSize size) {
        return Protos.paging(page == 0 ? null : page, limit == 0 ? null : limit, size);
    }
}
