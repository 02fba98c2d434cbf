package cloud.wapiconnect.grpc;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageQuery;
import cloud.wapiconnect.message.SendRequest;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.MediaInfo;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.MessageDirection;
import cloud.wapiconnect.proto.v1.MessageStatus;

/** Messages and the message log between the gRPC API and the domain. */
final class MessageMapper {
    static final int DEFAULT_PAGE_SIZE = 20;

    private MessageMapper() {
    }

    /** A send as the REST body would give it: unset fields are null, so validation says the same things. */
    static SendRequest sendRequest(String to, MessageContent c) {
        return new SendRequest(Protos.orNull(to), Protos.orNull(c.getMessage()), Protos.orNull(c.getType()),
                Protos.orNull(c.getHeader()), Protos.orNull(c.getFooter()), Protos.orNull(c.getMediaUrl()),
                InlineMedia.fromText(Protos.orNull(c.getMediaBase64())), Protos.orNull(c.getMediaMimeType()), Protos.orNull(c.getFileName()),
                c.getOptionsCount() == 0 ? null : c.getOptionsList(),
                c.hasSelectableCount() ? c.getSelectableCount() : null);
    }

    static MessageQuery query(String tenantId, ListMessagesRequest r) {
        return new MessageQuery(tenantId, Protos.optional(r.getSessionId()),
                Protos.fromProto(Direction.class, "MESSAGE_DIRECTION_", r.getDirection()),
                Protos.fromProto(cloud.wapiconnect.message.MessageStatus.class, "MESSAGE_STATUS_", r.getStatus()),
                r.hasPage() ? r.getPage() : 1, r.hasLimit() ? r.getLimit() : DEFAULT_PAGE_SIZE);
    }

    static cloud.wapiconnect.proto.v1.LoggedMessage toProto(LoggedMessage m) {
        cloud.wapiconnect.proto.v1.LoggedMessage.Builder b = cloud.wapiconnect.proto.v1.LoggedMessage.newBuilder()
                .setSessionId(m.sessionId())
                .setMessageId(m.messageId())
                .setDirection(Protos.toProto(MessageDirection.class, "MESSAGE_DIRECTION_", m.direction()))
                .setType(Protos.orEmpty(m.type()))
                .setTo(Protos.orEmpty(m.to()))
                .setFrom(Protos.orEmpty(m.from()))
                .setMessage(Protos.orEmpty(m.body()))
                .setStatus(status(m.status()))
                .setCreatedAt(Protos.timestamp(m.createdAt()));
        if (m.media() != null) {
            b.setMedia(MediaInfo.newBuilder().setMimeType(Protos.orEmpty(m.media().mimeType()))
                    .setSize(m.media().size()).setFileName(Protos.orEmpty(m.media().fileName())));
        }
        return b.build();
    }

    static MessageStatus status(cloud.wapiconnect.message.MessageStatus status) {
        return Protos.toProto(MessageStatus.class, "MESSAGE_STATUS_", status);
    }
}
