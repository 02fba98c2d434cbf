package cloud.wapiconnect.grpc;

import cloud.wapiconnect.proto.v1.Session;
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
                .setReason(Protos.orEmpty(s.reason()));
        if (s.qrImage() != null) {
            b.setQrPng(ByteString.copyFrom(s.qrImage().png()));
        }
        return b.build();
    }

    static SessionStatus status(cloud.wapiconnect.session.SessionStatus status) {
        return Protos.toProto(SessionStatus.class, "SESSION_STATUS_", status);
    }
}
