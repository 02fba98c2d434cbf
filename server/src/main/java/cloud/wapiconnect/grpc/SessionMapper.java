package cloud.wapiconnect.grpc;

import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.proto.v1.SessionLimits;
import cloud.wapiconnect.proto.v1.SessionStatus;
import cloud.wapiconnect.session.SessionView;
import com.google.protobuf.ByteString;

/** Sessions as the gRPC API shows them. */
final class SessionMapper {
    private SessionMapper() {}

    static Session toProto(SessionView s) {
        Session.Builder b = Session.newBuilder()
                .setSessionId(s.sessionId())
                .setName(Protos.orEmpty(s.name()))
                .setStatus(status(s.status()))
                .setQr(Protos.orEmpty(s.qr()))
                .setConnected(s.connected())
                .setPhoneNumber(Protos.orEmpty(s.phoneNumber()))
                .setReason(Protos.orEmpty(s.reason()))
                .setProxy(Protos.orEmpty(s.proxy()))
                .setLimits(limits(
                        s.limits().reachOut().wireName(),
                        s.limits().reachOutUntil(),
                        s.limits().newChats().wireName()));
        if (s.qrImage() != null) {
            b.setQrPng(ByteString.copyFrom(s.qrImage().png()));
        }
        return b.build();
    }

    /** A session's sending limits, as its status and the {@code session_limits} event show them. */
    static SessionLimits limits(String reachOut, Long reachOutUntil, String newChats) {
        SessionLimits.Builder b =
                SessionLimits.newBuilder().setReachOut(Protos.orEmpty(reachOut)).setNewChats(Protos.orEmpty(newChats));
        if (reachOutUntil != null) {
            b.setReachOutUntil(Protos.timestamp(reachOutUntil));
        }
        return b.build();
    }

    static SessionStatus status(cloud.wapiconnect.session.SessionStatus status) {
        return Protos.toProto(SessionStatus.class, "SESSION_STATUS_", status);
    }
}
