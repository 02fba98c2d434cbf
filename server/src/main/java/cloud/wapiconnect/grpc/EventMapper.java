package cloud.wapiconnect.grpc;

import cloud.wapiconnect.bulk.BulkJobStatus;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.message.MessageDetails;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.proto.v1.BulkJobProgress;
import cloud.wapiconnect.proto.v1.GroupChanged;
import cloud.wapiconnect.proto.v1.Heartbeat;
import cloud.wapiconnect.proto.v1.IncomingMessage;
import cloud.wapiconnect.proto.v1.MessageStatusChanged;
import cloud.wapiconnect.proto.v1.PollVoteCast;
import cloud.wapiconnect.proto.v1.SessionStatusChanged;
import cloud.wapiconnect.qr.QrRenderer;
import cloud.wapiconnect.session.SessionStatus;
import com.google.protobuf.ByteString;
import java.util.Map;

/** Event-log entries as the gRPC stream shows them: the JSON-shaped data becomes a typed payload. */
final class EventMapper {
    private EventMapper() {
    }

    static cloud.wapiconnect.proto.v1.Event toProto(Event e) {
        cloud.wapiconnect.proto.v1.Event.Builder b = cloud.wapiconnect.proto.v1.Event.newBuilder()
                .setId(e.id())
                .setTenantId(e.tenantId())
                .setSessionId(e.sessionId())
                .setType(type(e.type()))
                .setTimestamp(Protos.timestamp(e.timestamp()));
        Map<String, Object> d = e.data();
        return switch (e.type()) {
            case QR -> {
                String qr = text(d, "qr");
                yield b.setSessionStatus(status(SessionStatus.QR_READY).setQr(qr)
                        .setQrPng(ByteString.copyFrom(QrRenderer.png(qr)))).build();
            }
            case AUTHENTICATED -> b.setSessionStatus(status(SessionStatus.AUTHENTICATED)).build();
            case READY -> b.setSessionStatus(status(SessionStatus.READY).setPhoneNumber(text(d, "phoneNumber"))).build();
            case DISCONNECTED -> b.setSessionStatus(status(SessionStatus.DISCONNECTED).setReason(text(d, "reason"))).build();
            case MESSAGE -> b.setMessage(incoming(d)).build();
            case POLL_VOTE -> b.setPollVote(PollVoteCast.newBuilder()
                    .setPollMessageId(text(d, "pollMessageId"))
                    .setChat(text(d, "chat"))
                    .setVoter(text(d, "voter"))
                    .addAllOptions(strings(d, "options"))
                    .setVotedAt(Protos.timestamp(number(d, "timestamp")))).build();
            case MESSAGE_STATUS -> b.setMessageStatus(MessageStatusChanged.newBuilder()
                    .setMessageId(text(d, "messageId"))
                    .setStatus(MessageMapper.status(MessageStatus.valueOf(text(d, "status").toUpperCase())))).build();
            case BULK_JOB -> b.setBulkJob(bulkJob(d)).build();
            case GROUP_JOIN, GROUP_LEAVE, GROUP_PARTICIPANTS, GROUP_UPDATE -> b.setGroup(group(d)).build();
            case TEST -> throw new IllegalArgumentException("Test events go to webhooks only (EventFilter keeps them off streams)");
        };
    }

    private static BulkJobProgress bulkJob(Map<String, Object> d) {
        // Events logged before cancelled jobs became failed + CANCELLED say "cancelled": shown as they are now.
        boolean legacyCancelled = "cancelled".equals(d.get("status"));
        return BulkJobProgress.newBuilder()
                .setJobId(text(d, "jobId"))
                .setStatus(BulkMapper.status(legacyCancelled ? BulkJobStatus.FAILED : BulkJobStatus.fromWire(text(d, "status"))))
                .setTotal((int) number(d, "total"))
                .setSucceeded((int) number(d, "succeeded"))
                .setFailed((int) number(d, "failed"))
                .setProcessed((int) number(d, "processed"))
                .setSkipped((int) number(d, "skipped"))
                .setErrorCode(legacyCancelled ? ErrorCode.CANCELLED.name() : text(d, "errorCode"))
                .setCancelled(legacyCancelled || Boolean.TRUE.equals(d.get("cancelled")))
                .build();
    }

    /** An incoming message's event data; location, contacts, reaction and the rest as {@link MessageDetails} wrote them. */
    private static IncomingMessage incoming(Map<String, Object> d) {
        IncomingMessage.Builder m = IncomingMessage.newBuilder()
                .setMessageId(text(d, "id"))
                .setFrom(text(d, "from"))
                .setBody(text(d, "body"))
                .setType(text(d, "type"))
                .setIsGroup(Boolean.TRUE.equals(d.get("isGroup")))
                .setHasMedia(Boolean.TRUE.equals(d.get("hasMedia")))
                .setSentAt(Protos.timestamp(number(d, "timestamp")))
                .setParticipant(text(d, "participant"))
                .setQuotedMessageId(text(d, "quotedMessageId"))
                .addAllMentions(strings(d, "mentions"));
        MessageDetails details = MessageDetails.fromJson(cloud.wapiconnect.json.Json.write(d));
        if (details.location() != null) {
            m.setLocation(MessageMapper.location(details.location()));
        }
        details.contacts().forEach(c -> m.addContacts(MessageMapper.contact(c)));
        if (details.reaction() != null) {
            m.setReaction(MessageMapper.reaction(details.reaction()));
        }
        return m.build();
    }

    private static java.util.List<String> strings(Map<String, Object> data, String key) {
        return data.get(key) instanceof java.util.List<?> list ? list.stream().map(String::valueOf).toList()
                : java.util.List.of();
    }

    static cloud.wapiconnect.proto.v1.Event heartbeat(long nowMillis) {
        return cloud.wapiconnect.proto.v1.Event.newBuilder()
                .setType(cloud.wapiconnect.proto.v1.EventType.EVENT_TYPE_HEARTBEAT)
                .setTimestamp(Protos.timestamp(nowMillis))
                .setHeartbeat(Heartbeat.getDefaultInstance())
                .build();
    }

    static cloud.wapiconnect.proto.v1.EventType type(EventType type) {
        return Protos.toProto(cloud.wapiconnect.proto.v1.EventType.class, "EVENT_TYPE_", type);
    }

    /** The domain type a filter names; empty for UNSPECIFIED and HEARTBEAT (never in the log). */
    static java.util.Optional<EventType> type(cloud.wapiconnect.proto.v1.EventType type) {
        if (type == cloud.wapiconnect.proto.v1.EventType.EVENT_TYPE_HEARTBEAT) {
            return java.util.Optional.empty();
        }
        return Protos.fromProto(EventType.class, "EVENT_TYPE_", type);
    }

    private static GroupChanged group(Map<String, Object> d) {
        GroupChanged.Builder g = GroupChanged.newBuilder()
                .setGroup(text(d, "group"))
                .setAction(text(d, "action"))
                .setAuthor(text(d, "author"))
                .setSubject(text(d, "subject"))
                .setChangedAt(Protos.timestamp(number(d, "timestamp")));
        if (d.get("participants") instanceof java.util.List<?> participants) {
            participants.forEach(p -> g.addParticipants(String.valueOf(p)));
        }
        if (d.get("description") != null) {
            g.setDescription(text(d, "description"));
        }
        return g.build();
    }

    private static SessionStatusChanged.Builder status(SessionStatus status) {
        return SessionStatusChanged.newBuilder().setStatus(SessionMapper.status(status));
    }

    private static String text(Map<String, Object> data, String key) {
        Object value = data.get(key);
        return value == null ? "" : value.toString();
    }

    private static long number(Map<String, Object> data, String key) {
        return data.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
