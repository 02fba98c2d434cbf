package cloud.wapiconnect.grpc;

import cloud.wapiconnect.proto.v1.AccountGrpc;
import cloud.wapiconnect.proto.v1.BulkJobsGrpc;
import cloud.wapiconnect.proto.v1.ChatsGrpc;
import cloud.wapiconnect.proto.v1.EventsGrpc;
import cloud.wapiconnect.proto.v1.GroupsGrpc;
import cloud.wapiconnect.proto.v1.MessagesGrpc;
import cloud.wapiconnect.proto.v1.SessionsGrpc;
import cloud.wapiconnect.tenant.Access;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import java.util.List;
import java.util.Map;

/**
 * What every gRPC method of the public API needs from the API key it is called with: the gRPC side of REST's
 * {@code @KeyAccess}, checked by {@link ApiKeyInterceptor} before the method runs ({@code tenant.KeyScope} decides).
 * A method missing here is refused ({@code GrpcScopesTest} fails first).
 */
final class GrpcScopes {
    /** Whether a call is about the sessions its request names, or about the tenant as a whole. */
    enum Target {
        /**
         * The request's {@code session_id}, else its {@code session_ids} (Subscribe); left empty (an optional
         * filter), the call is about the whole tenant. REST's {@code sessionId} path or query parameter.
         */
        SESSIONS,
        TENANT
    }

    record Need(Access access, Target target) {}

    private static final Map<String, Need> BY_METHOD = Map.ofEntries(
            need(SessionsGrpc.getCreateSessionMethod(), Access.MANAGE, Target.TENANT),
            need(SessionsGrpc.getGetSessionStatusMethod(), Access.READ, Target.SESSIONS),
            need(SessionsGrpc.getListSessionsMethod(), Access.READ, Target.TENANT),
            need(SessionsGrpc.getDisconnectSessionMethod(), Access.MANAGE, Target.SESSIONS),
            need(SessionsGrpc.getDeleteSessionMethod(), Access.MANAGE, Target.SESSIONS),
            need(SessionsGrpc.getRequestPairingCodeMethod(), Access.MANAGE, Target.SESSIONS),
            need(SessionsGrpc.getUpdateSessionMethod(), Access.MANAGE, Target.SESSIONS),
            need(MessagesGrpc.getSendMessageMethod(), Access.SEND, Target.SESSIONS),
            need(MessagesGrpc.getListMessagesMethod(), Access.READ, Target.SESSIONS),
            need(MessagesGrpc.getDownloadMediaMethod(), Access.READ, Target.SESSIONS),
            need(MessagesGrpc.getSendPresenceMethod(), Access.SEND, Target.SESSIONS),
            need(MessagesGrpc.getMarkReadMethod(), Access.SEND, Target.SESSIONS),
            need(MessagesGrpc.getEditMessageMethod(), Access.SEND, Target.SESSIONS),
            need(MessagesGrpc.getRevokeMessageMethod(), Access.SEND, Target.SESSIONS),
            need(MessagesGrpc.getForwardMessageMethod(), Access.SEND, Target.SESSIONS),
            need(BulkJobsGrpc.getStartBulkJobMethod(), Access.SEND, Target.SESSIONS),
            need(BulkJobsGrpc.getGetBulkJobMethod(), Access.READ, Target.TENANT),
            need(BulkJobsGrpc.getListBulkJobsMethod(), Access.READ, Target.SESSIONS),
            need(BulkJobsGrpc.getCancelBulkJobMethod(), Access.SEND, Target.TENANT),
            need(BulkJobsGrpc.getListBulkRecipientsMethod(), Access.READ, Target.TENANT),
            need(AccountGrpc.getGetUsageMethod(), Access.READ, Target.TENANT),
            need(AccountGrpc.getResetApiKeyMethod(), Access.MANAGE, Target.TENANT),
            need(AccountGrpc.getCreateApiKeyMethod(), Access.MANAGE, Target.TENANT),
            need(AccountGrpc.getListApiKeysMethod(), Access.MANAGE, Target.TENANT),
            need(AccountGrpc.getDeleteApiKeyMethod(), Access.MANAGE, Target.TENANT),
            need(AccountGrpc.getRotateApiKeyMethod(), Access.MANAGE, Target.TENANT),
            need(EventsGrpc.getSubscribeMethod(), Access.READ, Target.SESSIONS),
            need(GroupsGrpc.getListGroupsMethod(), Access.READ, Target.SESSIONS),
            need(GroupsGrpc.getCreateGroupMethod(), Access.SEND, Target.SESSIONS),
            need(GroupsGrpc.getGetGroupMethod(), Access.READ, Target.SESSIONS),
            need(GroupsGrpc.getUpdateParticipantsMethod(), Access.SEND, Target.SESSIONS),
            need(GroupsGrpc.getUpdateGroupMethod(), Access.SEND, Target.SESSIONS),
            need(GroupsGrpc.getLeaveGroupMethod(), Access.SEND, Target.SESSIONS),
            need(GroupsGrpc.getGetInviteCodeMethod(), Access.READ, Target.SESSIONS),
            need(ChatsGrpc.getListChatsMethod(), Access.READ, Target.SESSIONS),
            need(ChatsGrpc.getListChatMessagesMethod(), Access.READ, Target.SESSIONS),
            need(ChatsGrpc.getCheckContactsMethod(), Access.READ, Target.SESSIONS),
            need(ChatsGrpc.getGetContactMethod(), Access.READ, Target.SESSIONS));

    private GrpcScopes() {}

    private static Map.Entry<String, Need> need(MethodDescriptor<?, ?> method, Access access, Target target) {
        return Map.entry(method.getFullMethodName(), new Need(access, target));
    }

    /** What the method needs; null for a method not declared here. */
    static Need of(String fullMethodName) {
        return BY_METHOD.get(fullMethodName);
    }

    /** The sessions a request is about; null for the whole tenant (no session named). */
    static List<String> sessionsOf(Object request) {
        if (!(request instanceof Message message)) {
            return null;
        }
        FieldDescriptor one = message.getDescriptorForType().findFieldByName("session_id");
        if (one != null && !one.isRepeated()) {
            String id = (String) message.getField(one);
            return id.isEmpty() ? null : List.of(id);
        }
        FieldDescriptor many = message.getDescriptorForType().findFieldByName("session_ids");
        if (many != null && many.isRepeated() && message.getRepeatedFieldCount(many) > 0) {
            return ((List<?>) message.getField(many))
                    .stream().map(String.class::cast).toList();
        }
        return null;
    }
}
