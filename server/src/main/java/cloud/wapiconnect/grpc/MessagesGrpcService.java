package cloud.wapiconnect.grpc;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessagePage;
import cloud.wapiconnect.message.MessageService;
import cloud.wapiconnect.message.SendResult;
import cloud.wapiconnect.proto.v1.ChangeMessageResponse;
import cloud.wapiconnect.proto.v1.DownloadMediaRequest;
import cloud.wapiconnect.proto.v1.DownloadMediaResponse;
import cloud.wapiconnect.proto.v1.EditMessageRequest;
import cloud.wapiconnect.proto.v1.ForwardMessageRequest;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import cloud.wapiconnect.proto.v1.MarkReadRequest;
import cloud.wapiconnect.proto.v1.MarkReadResponse;
import cloud.wapiconnect.proto.v1.MessagesGrpc;
import cloud.wapiconnect.proto.v1.RevokeMessageRequest;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SendMessageResponse;
import cloud.wapiconnect.proto.v1.SendPresenceRequest;
import cloud.wapiconnect.proto.v1.SendPresenceResponse;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.MessageResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(MessagesGrpcService.class)
public class MessagesGrpcService extends MessagesGrpc.MessagesImplBase {
    @Inject
    MessageService messages;

    @Inject
    MessageLog log;

    @Override
    public void sendMessage(SendMessageRequest r, StreamObserver<SendMessageResponse> out) {
        Rpc.unary(out, () -> {
            SendResult result = messages.send(
                    GrpcTenant.current(),
                    r.getSessionId(),
                    MessageMapper.sendRequest(r.getTo(), r.getContent()),
                    Protos.optional(r.getIdempotencyKey()));
            return SendMessageResponse.newBuilder()
                    .setMessageId(result.messageId())
                    .setTimestamp(result.timestamp())
                    .build();
        });
    }

    @Override
    public void downloadMedia(DownloadMediaRequest r, StreamObserver<DownloadMediaResponse> out) {
        Rpc.unary(out, () -> {
            IncomingMedia media = messages.downloadMedia(GrpcTenant.current(), r.getSessionId(), r.getMessageId());
            // The engine handed over its own array and nobody writes to it: no second copy of the file.
            return DownloadMediaResponse.newBuilder()
                    .setData(UnsafeByteOperations.unsafeWrap(media.data()))
                    .setMimeType(media.mimeType())
                    .setFileName(media.fileName() == null ? "" : media.fileName())
                    .build();
        });
    }

    @Override
    public void sendPresence(SendPresenceRequest r, StreamObserver<SendPresenceResponse> out) {
        Rpc.unary(out, () -> {
            messages.sendPresence(
                    GrpcTenant.current(), r.getSessionId(), Protos.orNull(r.getTo()), Protos.orNull(r.getState()));
            return SendPresenceResponse.getDefaultInstance();
        });
    }

    @Override
    public void markRead(MarkReadRequest r, StreamObserver<MarkReadResponse> out) {
        Rpc.unary(
                out,
                () -> MarkReadResponse.newBuilder()
                        .setMarked(messages.markRead(
                                GrpcTenant.current(),
                                r.getSessionId(),
                                Protos.orNull(r.getChat()),
                                r.getMessageIdsList()))
                        .build());
    }

    @Override
    public void editMessage(EditMessageRequest r, StreamObserver<ChangeMessageResponse> out) {
        Rpc.unary(
                out,
                () -> changed(messages.edit(
                        GrpcTenant.current(), r.getSessionId(), r.getMessageId(), Protos.orNull(r.getMessage()))));
    }

    @Override
    public void revokeMessage(RevokeMessageRequest r, StreamObserver<ChangeMessageResponse> out) {
        Rpc.unary(
                out,
                () -> changed(messages.revoke(GrpcTenant.current(), r.getSessionId(), r.getMessageId(), r.getForMe())));
    }

    @Override
    public void forwardMessage(ForwardMessageRequest r, StreamObserver<SendMessageResponse> out) {
        Rpc.unary(out, () -> {
            SendResult result = messages.forward(
                    GrpcTenant.current(),
                    r.getSessionId(),
                    r.getMessageId(),
                    Protos.orNull(r.getTo()),
                    Protos.optional(r.getIdempotencyKey()));
            return SendMessageResponse.newBuilder()
                    .setMessageId(result.messageId())
                    .setTimestamp(result.timestamp())
                    .build();
        });
    }

    private static ChangeMessageResponse changed(LoggedMessage m) {
        return ChangeMessageResponse.newBuilder()
                .setMessage(MessageMapper.toProto(m))
                .build();
    }

    @Override
    public void listMessages(ListMessagesRequest r, StreamObserver<ListMessagesResponse> out) {
        Rpc.unary(out, () -> {
            MessagePage page =
                    log.query(MessageMapper.query(GrpcTenant.current().id(), r));
            return ListMessagesResponse.newBuilder()
                    .addAllMessages(
                            page.messages().stream().map(MessageMapper::toProto).toList())
                    .setTotal(page.total())
                    .setPage(page.page())
                    .setPages(page.pages())
                    .build();
        });
    }
}
