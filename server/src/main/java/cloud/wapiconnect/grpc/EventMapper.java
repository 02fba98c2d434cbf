package cloud.wapiconnect.grpc;

import cloud.wapiconnect.bulk.BulkJobStatus;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.proto.v1.BulkJobProgress;
import cloud.wapiconnect.proto.v1.GroupChanged;
import cloud.wapiconnect.proto.v1.Heartbeat;
import cloud.wapiconnect.proto.v1.IncomingMessage;
import cloud.wapiconnect.proto.v1.MessageEdited;
import cloud.wapiconnect.proto.v1.MessageRevoked;
import cloud.wapiconnect.proto.v1.MessageStatusChanged;
import cloud.wapiconnect.proto.v1.PollVoteCast;
import cloud.wapiconnect.proto.v1.SessionStatusChanged;
import cloud.wapiconnect.session.SessionStatus;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;

/** Event-log entries as the gRPC stream shows them: each kind of event data becomes its typed payload. */
final class EventMapper {
    private EventMapper() {}

    static cloud.wapiconnect.proto.v1.Event toProto(Event e) {
        cloud.wapiconnect.proto.v1.Event.Builder b = cloud.wapiconnect.proto.v1.Event.newBuilder()
                .setId(e.id())
                .setTenantId(e.tenantId())
                .setSessionId(e.sessionId())
                .setType(type(e.type()))
                .setTimestamp(Protos.timestamp(e.timestamp()));
        return switch (e.data()) {
            case EventData.Qr q ->
                b.setSessionStatus(status(SessionStatus.QR_READY)
                                .setQr(q.code().text())
                                .setQrPng(ByteString.copyFrom(q.code().png())))
                        .build();
            case EventData.Authenticated a ->
                b.setSessionStatus(status(SessionStatus.AUTHENTICATED)).build();
            case EventData.Ready r ->
                b.setSessionStatus(status(SessionStatus.READY).setPhoneNumber(Protos.orEmpty(r.phoneNumber())))
                        .build();
            case EventData.Disconnected d ->
                b.setSessionStatus(status(SessionStatus.DISCONNECTED).setReason(Protos.orEmpty(d.reason())))
                        .build();
            case EventData.Message m -> b.setMessage(incoming(m)).build();
            case EventData.MessageEdited m ->
                b.setMessageEdited(MessageEdited.newBuilder()
                                .setMessageId(Protos.orEmpty(m.messageId()))
                                .setFrom(Protos.orEmpty(m.from()))
                                .setParticipant(Protos.orEmpty(m.participant()))
                                .setBody(Protos.orEmpty(m.body()))
                                .setEditedAt(Protos.timestamp(m.timestamp())))
                        .build();
            case EventData.MessageRevoked m ->
                b.setMessageRevoked(MessageRevoked.newBuilder()
                                .setMessageId(Protos.orEmpty(m.messageId()))
                                .setFrom(Protos.orEmpty(m.from()))
                                .setParticipant(Protos.orEmpty(m.participant()))
                                .setRevokedAt(Protos.timestamp(m.timestamp())))
                        .build();
            case EventData.PollVote v ->
                b.setPollVote(PollVoteCast.newBuilder()
                                .setPollMessageId(Protos.orEmpty(v.pollMessageId()))
                                .setChat(Protos.orEmpty(v.chat()))
                                .setVoter(Protos.orEmpty(v.voter()))
                                .addAllOptions(orNone(v.options()))
                                .setVotedAt(Protos.timestamp(v.timestamp())))
                        .build();
            case EventData.MessageStatus s ->
                b.setMessageStatus(MessageStatusChanged.newBuilder()
                                .setMessageId(Protos.orEmpty(s.messageId()))
                                .setStatus(MessageMapper.status(MessageStatus.valueOf(
                                        Protos.orEmpty(s.status()).toUpperCase()))))
                        .build();
            case EventData.BulkJob j -> b.setBulkJob(bulkJob(j)).build();
            case EventData.Group g -> b.setGroup(group(g)).build();
            case EventData.SessionLimits l ->
                b.setLimits(SessionMapper.limits(l.reachOut(), l.reachOutUntil(), l.newChats()))
                        .build();
            case EventData.Test t ->
                throw new IllegalArgumentException(
                        "Test events go to webhooks only (EventFilter keeps them off streams)");
        };
    }

    private static BulkJobProgress bulkJob(EventData.BulkJob j) {
        // Events logged before cancelled jobs became failed + CANCELLED say "cancelled": shown as they are now.
        boolean legacyCancelled = "cancelled".equals(j.status());
        return BulkJobProgress.newBuilder()
                .setJobId(Protos.orEmpty(j.jobId()))
                .setStatus(BulkMapper.status(
                        legacyCancelled ? BulkJobStatus.FAILED : BulkJobStatus.fromWire(Protos.orEmpty(j.status()))))
                .setTotal(j.total())
                .setSucceeded(j.succeeded())
                .setFailed(j.failed())
                .setProcessed(j.processed())
                .setSkipped(j.skipped())
                .setErrorCode(legacyCancelled ? ErrorCode.CANCELLED.name() : Protos.orEmpty(j.errorCode()))
                .setCancelled(legacyCancelled || j.cancelled())
                .build();
    }

    /** An incoming message with its location, contacts, reaction, quoted message and mentions. */
    private static IncomingMessage incoming(EventData.Message d) {
        IncomingMessage.Builder m = IncomingMessage.newBuilder()
                .setMessageId(Protos.orEmpty(d.id()))
                .setFrom(Protos.orEmpty(d.from()))
                .setBody(Protos.orEmpty(d.body()))
                .setType(Protos.orEmpty(d.messageType()))
                .setIsGroup(d.isGroup())
                .setHasMedia(d.hasMedia())
                .setSentAt(Protos.timestamp(d.timestamp()))
                .setParticipant(Protos.orEmpty(d.participant()))
                .setFromLid(Protos.orEmpty(d.fromLid()))
                .setParticipantLid(Protos.orEmpty(d.participantLid()))
                .setQuotedMessageId(Protos.orEmpty(d.quotedMessageId()))
                .addAllMentions(d.mentions());
        if (d.location() != null) {
            m.setLocation(MessageMapper.location(d.location()));
        }
        d.contacts().forEach(c -> m.addContacts(MessageMapper.contact(c)));
        if (d.reaction() != null) {
            m.setReaction(MessageMapper.reaction(d.reaction()));
        }
        return m.build();
    }

    private static List<String> orNone(List<String> list) {
        return list == null ? List.of() : list;
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
    static Optional<EventType> type(cloud.wapiconnect.proto.v1.EventType type) {
        if (type == cloud.wapiconnect.proto.v1.EventType.EVENT_TYPE_HEARTBEAT) {
            return Optional.empty();
        }
        return Protos.fromProto(EventType.class, "EVENT_TYPE_", type);
    }

    private static GroupChanged group(EventData.Group d) {
        GroupChanged.Builder g = GroupChanged.newBuilder()
                .setGroup(Protos.orEmpty(d.group()))
                .setAction(Protos.orEmpty(d.action()))
                .setAuthor(Protos.orEmpty(d.author()))
                .setSubject(Protos.orEmpty(d.subject()))
                .setChangedAt(Protos.timestamp(d.timestamp()))
                .addAllParticipants(orNone(d.participants()));
        if (d.description() != null) {
            g.setDescription(d.description());
        }
        return g.build();
    }

    private static SessionStatusChanged.Builder status(SessionStatus status) {
        return SessionStatusChanged.newBuilder().setStatus(SessionMapper.status(status));
    }
}
