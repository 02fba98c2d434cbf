package cloud.wapiconnect.grpc.internal;

import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.internal.v1.ChangeMessageRequest;
import cloud.wapiconnect.internal.v1.CheckNumbersRequest;
import cloud.wapiconnect.internal.v1.CreateGroupRequest;
import cloud.wapiconnect.internal.v1.DownloadMediaRequest;
import cloud.wapiconnect.internal.v1.Empty;
import cloud.wapiconnect.internal.v1.Group;
import cloud.wapiconnect.internal.v1.GroupReply;
import cloud.wapiconnect.internal.v1.GroupRequest;
import cloud.wapiconnect.internal.v1.GroupsReply;
import cloud.wapiconnect.internal.v1.LiveSessionsGrpc;
import cloud.wapiconnect.internal.v1.MarkReadRequest;
import cloud.wapiconnect.internal.v1.MediaReply;
import cloud.wapiconnect.internal.v1.NumberCheck;
import cloud.wapiconnect.internal.v1.NumbersReply;
import cloud.wapiconnect.internal.v1.PairingCodeRequest;
import cloud.wapiconnect.internal.v1.ParticipantOutcome;
import cloud.wapiconnect.internal.v1.ParticipantsReply;
import cloud.wapiconnect.internal.v1.PresenceRequest;
import cloud.wapiconnect.internal.v1.SandboxRequest;
import cloud.wapiconnect.internal.v1.SendRequest;
import cloud.wapiconnect.internal.v1.SessionRef;
import cloud.wapiconnect.internal.v1.StateReply;
import cloud.wapiconnect.internal.v1.Text;
import cloud.wapiconnect.internal.v1.UpdateGroupRequest;
import cloud.wapiconnect.internal.v1.UpdateParticipantsRequest;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.session.LiveSession;
import cloud.wapiconnect.session.LiveState;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.session.SessionStatus;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.PresenceState;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The owner's side of "any node answers" (internal.v1 {@code LiveSessions}): another node, which has already
 * authenticated the client and done everything the database answers, asks this node to make the one step
 * that needs the session's live connection. Served only from this node's own connections, never forwarded
 * again: {@link SessionService#liveHere} refuses with {@code SESSION_MOVING} unless this node holds the
 * session's lease at the generation the caller saw. Only callers with the cluster secret get here
 * ({@link ClusterSecretInterceptor}, installed by {@code GrpcRoutes}).
 */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(LiveSessionsGrpcService.class)
public class LiveSessionsGrpcService extends LiveSessionsGrpc.LiveSessionsImplBase {
    @Inject
    SessionService sessions;

    @Inject
    SandboxService sandbox;

    @Override
    public void state(SessionRef r, StreamObserver<StateReply> out) {
        unary(
                out,
                () -> sessions.liveHere(LiveSessionsMapper.key(r), r.getGeneration())
                        .map(LiveState::of)
                        .map(LiveSessionsMapper::state)
                        .orElse(StateReply.getDefaultInstance()));
    }

    @Override
    public void send(SendRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            c.send(LiveSessionsMapper.send(r));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void requestPairingCode(PairingCodeRequest r, StreamObserver<Text> out) {
        onConnection(out, r.getSession(), c -> text(c.requestPairingCode(r.getPhoneNumber())));
    }

    @Override
    public void downloadMedia(DownloadMediaRequest r, StreamObserver<MediaReply> out) {
        onConnection(
                out,
                r.getSession(),
                c -> c.downloadMedia(r.getMessageId())
                        .map(LiveSessionsMapper::media)
                        .orElse(MediaReply.getDefaultInstance()));
    }

    @Override
    public void groups(SessionRef r, StreamObserver<GroupsReply> out) {
        onConnection(
                out,
                r,
                c -> GroupsReply.newBuilder()
                        .addAllGroups(c.groups().stream()
                                .map(LiveSessionsMapper::group)
                                .toList())
                        .build());
    }

    @Override
    public void createGroup(CreateGroupRequest r, StreamObserver<Group> out) {
        onConnection(
                out,
                r.getSession(),
                c -> LiveSessionsMapper.group(c.createGroup(r.getSubject(), r.getParticipantJidsList())));
    }

    @Override
    public void getGroup(GroupRequest r, StreamObserver<GroupReply> out) {
        onConnection(
                out,
                r.getSession(),
                c -> c.group(r.getGroupJid())
                        .map(g -> GroupReply.newBuilder()
                                .setFound(true)
                                .setGroup(LiveSessionsMapper.group(g))
                                .build())
                        .orElse(GroupReply.getDefaultInstance()));
    }

    @Override
    public void updateParticipants(UpdateParticipantsRequest r, StreamObserver<ParticipantsReply> out) {
        onConnection(
                out,
                r.getSession(),
                c -> ParticipantsReply.newBuilder()
                        .addAllResults(c
                                .updateParticipants(
                                        r.getGroupJid(), ParticipantAction.valueOf(r.getAction()), r.getJidsList())
                                .stream()
                                .map(p -> ParticipantOutcome.newBuilder()
                                        .setJid(p.jid())
                                        .setOutcome(p.outcome().name())
                                        .build())
                                .toList())
                        .build());
    }

    @Override
    public void updateGroup(UpdateGroupRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            c.updateGroup(
                    r.getGroupJid(),
                    r.hasSubject() ? r.getSubject() : null,
                    r.hasDescription() ? r.getDescription() : null);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void leaveGroup(GroupRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            c.leaveGroup(r.getGroupJid());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void groupInviteCode(GroupRequest r, StreamObserver<Text> out) {
        onConnection(out, r.getSession(), c -> text(c.groupInviteCode(r.getGroupJid())));
    }

    @Override
    public void checkNumbers(CheckNumbersRequest r, StreamObserver<NumbersReply> out) {
        onConnection(
                out,
                r.getSession(),
                c -> NumbersReply.newBuilder()
                        .addAllChecks(c.checkNumbers(r.getJidsList()).stream()
                                .map(n -> NumberCheck.newBuilder()
                                        .setJid(n.jid())
                                        .setOnWhatsapp(n.onWhatsApp())
                                        .build())
                                .toList())
                        .build());
    }

    @Override
    public void sendPresence(PresenceRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            c.sendPresence(r.hasJid() ? r.getJid() : null, PresenceState.valueOf(r.getState()));
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void markRead(MarkReadRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            c.markRead(
                    r.getChatJid(),
                    r.getMessagesList().stream().map(LiveSessionsMapper::ref).toList());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void changeMessage(ChangeMessageRequest r, StreamObserver<Empty> out) {
        onConnection(out, r.getSession(), c -> {
            var target = LiveSessionsMapper.ref(r.getTarget());
            switch (r.getChangeCase()) {
                case EDIT -> c.edit(r.getChatJid(), target, r.getEdit());
                case REVOKE -> c.revoke(r.getChatJid(), target);
                case DELETE_FOR_ME_AT -> c.deleteForMe(r.getChatJid(), target, r.getDeleteForMeAt());
                case CHANGE_NOT_SET -> throw new IllegalArgumentException("a message change without a change");
            }
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void disconnect(SessionRef r, StreamObserver<Empty> out) {
        unary(out, () -> {
            sessions.disconnectHere(LiveSessionsMapper.key(r), r.getGeneration());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void logout(SessionRef r, StreamObserver<Empty> out) {
        unary(out, () -> {
            sessions.logoutHere(LiveSessionsMapper.key(r), r.getGeneration());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void sandbox(SandboxRequest r, StreamObserver<Text> out) {
        unary(out, () -> {
            var session = r.getSession();
            sessions.requireHere(LiveSessionsMapper.key(session), session.getGeneration());
            String result = sandbox.applyHere(LiveSessionsMapper.key(session), r.getAction(), r.getArgumentsJson());
            return text(result == null ? "" : result);
        });
    }

    /**
     * One step on this node's connection of the session. The calling node saw it ready; a connection that is
     * not (any more) answers as it would locally.
     */
    private <T> void onConnection(StreamObserver<T> out, SessionRef ref, Function<EngineConnection, T> step) {
        unary(out, () -> {
            LiveSession live = sessions.liveHere(LiveSessionsMapper.key(ref), ref.getGeneration())
                    .filter(l -> l.status() == SessionStatus.READY || l.connection() != null)
                    .orElseThrow(() -> new WapiException(
                            ErrorCode.SESSION_NOT_READY,
                            "Session '" + ref.getSessionId() + "' is not ready (status: disconnected)"));
            return step.apply(live.connection());
        });
    }

    private static Text text(String value) {
        return Text.newBuilder().setValue(value).build();
    }

    /** Never lets an exception escape to the transport (Helidon would cancel the stream without a status). */
    private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            out.onError(InternalErrors.toStatus(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
