package cloud.wapiconnect.grpc;

import cloud.wapiconnect.chat.ChatService;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.proto.v1.ChatsGrpc;
import cloud.wapiconnect.proto.v1.CheckContactsRequest;
import cloud.wapiconnect.proto.v1.CheckContactsResponse;
import cloud.wapiconnect.proto.v1.ContactIdentity;
import cloud.wapiconnect.proto.v1.GetContactRequest;
import cloud.wapiconnect.proto.v1.ListChatMessagesRequest;
import cloud.wapiconnect.proto.v1.ListChatsRequest;
import cloud.wapiconnect.proto.v1.ListChatsResponse;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.ChatResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(ChatsGrpcService.class)
public class ChatsGrpcService extends ChatsGrpc.ChatsImplBase {
    @Inject
    ChatService chats;

    @Inject
    ContactService contacts;

    @Override
    public void listChats(ListChatsRequest r, StreamObserver<ListChatsResponse> out) {
        Rpc.unary(
                out,
                () -> GroupMapper.toProto(chats.list(
                        GrpcTenant.current(),
                        r.getSessionId(),
                        GroupMapper.paging(r.getPage(), r.getLimit(), PageSize.CHATS))));
    }

    @Override
    public void listChatMessages(ListChatMessagesRequest r, StreamObserver<ListMessagesResponse> out) {
        Rpc.unary(
                out,
                () -> GroupMapper.toProto(chats.messages(
                        GrpcTenant.current(),
                        r.getSessionId(),
                        r.getJid(),
                        GroupMapper.paging(r.getPage(), r.getLimit(), PageSize.CHAT_MESSAGES))));
    }

    @Override
    public void checkContacts(CheckContactsRequest r, StreamObserver<CheckContactsResponse> out) {
        Rpc.unary(
                out,
                () -> CheckContactsResponse.newBuilder()
                        .addAllContacts(
                                contacts.check(GrpcTenant.current(), r.getSessionId(), r.getPhonesList()).stream()
                                        .map(GroupMapper::toProto)
                                        .toList())
                        .build());
    }

    @Override
    public void getContact(GetContactRequest r, StreamObserver<ContactIdentity> out) {
        Rpc.unary(
                out,
                () -> GroupMapper.toProto(contacts.lookup(GrpcTenant.current(), r.getSessionId(), r.getPhoneOrLid())));
    }
}
