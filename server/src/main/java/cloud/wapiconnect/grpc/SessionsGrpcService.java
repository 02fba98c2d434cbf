package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.proto.v1.CreateSessionRequest;
import cloud.wapiconnect.proto.v1.CreateSessionResponse;
import cloud.wapiconnect.proto.v1.DeleteSessionRequest;
import cloud.wapiconnect.proto.v1.DeleteSessionResponse;
import cloud.wapiconnect.proto.v1.DisconnectSessionRequest;
import cloud.wapiconnect.proto.v1.GetSessionStatusRequest;
import cloud.wapiconnect.proto.v1.ListSessionsRequest;
import cloud.wapiconnect.proto.v1.ListSessionsResponse;
import cloud.wapiconnect.proto.v1.RequestPairingCodeRequest;
import cloud.wapiconnect.proto.v1.RequestPairingCodeResponse;
import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.proto.v1.SessionsGrpc;
import cloud.wapiconnect.proto.v1.UpdateSessionRequest;
import cloud.wapiconnect.session.CreatedSession;
import cloud.wapiconnect.session.SessionService;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.SessionResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(SessionsGrpcService.class) // registered with its interceptors by GrpcRoutes, not found by Helidon as a bare
// BindableService
public class SessionsGrpcService extends SessionsGrpc.SessionsImplBase {
    @Inject
    SessionService sessions;

    @Override
    public void createSession(CreateSessionRequest r, StreamObserver<CreateSessionResponse> out) {
        Rpc.unary(out, () -> {
            CreatedSession created = sessions.create(
                    GrpcTenant.current(),
                    Protos.orNull(r.getSessionId()),
                    Protos.orNull(r.getName()),
                    Protos.orNull(r.getProxy()));
            return CreateSessionResponse.newBuilder()
                    .setSessionId(created.sessionId())
                    .setIsNew(created.isNew())
                    .setStatus(SessionMapper.status(created.status()))
                    .setProxy(Protos.orEmpty(created.proxy()))
                    .build();
        });
    }

    @Override
    public void getSessionStatus(GetSessionStatusRequest r, StreamObserver<Session> out) {
        Rpc.unary(out, () -> SessionMapper.toProto(sessions.status(GrpcTenant.current(), r.getSessionId())));
    }

    @Override
    public void listSessions(ListSessionsRequest r, StreamObserver<ListSessionsResponse> out) {
        Rpc.unary(
                out,
                () -> ListSessionsResponse.newBuilder()
                        .addAllSessions(sessions.list(GrpcTenant.current()).stream()
                                .map(SessionMapper::toProto)
                                .toList())
                        .build());
    }

    @Override
    public void disconnectSession(DisconnectSessionRequest r, StreamObserver<Session> out) {
        Rpc.unary(out, () -> SessionMapper.toProto(sessions.disconnect(GrpcTenant.current(), r.getSessionId())));
    }

    @Override
    public void deleteSession(DeleteSessionRequest r, StreamObserver<DeleteSessionResponse> out) {
        Rpc.unary(out, () -> {
            sessions.delete(GrpcTenant.current(), r.getSessionId());
            return DeleteSessionResponse.newBuilder()
                    .setSessionId(r.getSessionId())
                    .build();
        });
    }

    @Override
    public void requestPairingCode(RequestPairingCodeRequest r, StreamObserver<RequestPairingCodeResponse> out) {
        Rpc.unary(
                out,
                () -> RequestPairingCodeResponse.newBuilder()
                        .setSessionId(r.getSessionId())
                        .setPairingCode(sessions.requestPairingCode(
                                GrpcTenant.current(), r.getSessionId(), Protos.orNull(r.getPhoneNumber())))
                        .build());
    }

    @Override
    public void updateSession(UpdateSessionRequest r, StreamObserver<Session> out) {
        Rpc.unary(out, () -> {
            if (!r.hasProxy()) {
                throw WapiException.invalid("proxy is required: a proxy URL, or \"\" to remove the session's proxy");
            }
            return SessionMapper.toProto(
                    sessions.changeProxy(GrpcTenant.current(), r.getSessionId(), Protos.orNull(r.getProxy())));
        });
    }
}
