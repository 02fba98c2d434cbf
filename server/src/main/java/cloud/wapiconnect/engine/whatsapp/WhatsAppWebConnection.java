package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.bridge.v1.BridgeGrpc;
import cloud.wapiconnect.bridge.v1.ChangeMessageRequest;
import cloud.wapiconnect.bridge.v1.CheckNumbersRequest;
import cloud.wapiconnect.bridge.v1.CheckNumbersResponse;
import cloud.wapiconnect.bridge.v1.ControlResponse;
import cloud.wapiconnect.bridge.v1.CreateGroupRequest;
import cloud.wapiconnect.bridge.v1.DownloadMediaRequest;
import cloud.wapiconnect.bridge.v1.DownloadMediaResponse;
import cloud.wapiconnect.bridge.v1.GroupDoneResponse;
import cloud.wapiconnect.bridge.v1.GroupRequest;
import cloud.wapiconnect.bridge.v1.GroupResponse;
import cloud.wapiconnect.bridge.v1.GroupsResponse;
import cloud.wapiconnect.bridge.v1.ListGroupsRequest;
import cloud.wapiconnect.bridge.v1.MarkReadRequest;
import cloud.wapiconnect.bridge.v1.PairingCodeRequest;
import cloud.wapiconnect.bridge.v1.PairingError;
import cloud.wapiconnect.bridge.v1.PresenceRequest;
import cloud.wapiconnect.bridge.v1.SendError;
import cloud.wapiconnect.bridge.v1.SendResponse;
import cloud.wapiconnect.bridge.v1.SessionEvent;
import cloud.wapiconnect.bridge.v1.StartSessionRequest;
import cloud.wapiconnect.bridge.v1.StopSessionRequest;
import cloud.wapiconnect.bridge.v1.UpdateGroupRequest;
import cloud.wapiconnect.bridge.v1.UpdateParticipantsRequest;
import cloud.wapiconnect.bridge.v1.UpdateParticipantsResponse;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.PresenceState;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One session on the bridge. Listener calls happen only on the session's {@link SerialLane}, which keeps
 * the engine contract that calls for one connection are never concurrent. Every bridge call has a deadline.
 */
final class WhatsAppWebConnection implements EngineConnection {
    private static final Logger LOG = Logger.getLogger(WhatsAppWebConnection.class.getName());
    /** What the session row keeps as "credentials": the real ones are the auth state, encrypted in their own table. */
    static final byte[] LINKED_MARKER = "whatsapp:v1:auth_state".getBytes(StandardCharsets.UTF_8);

    /** What most bridge calls say when WhatsApp does not answer in time. */
    private static final String NO_ANSWER = "WhatsApp did not answer in time; try again";

    private final SessionKey session;
    private final EngineListener listener;
    private final WhatsAppWebEngine engine;
    private final SerialLane lane;
    /** The bridge process this session runs on, for as long as this connection lives. */
    private final BridgeProcess bridge;

    private volatile boolean closed;
    private volatile boolean ready;
    /** Whether the listener was last told the connection is down (so a bridge crash is reported once). */
    private boolean reportedDown;

    WhatsAppWebConnection(
            SessionKey session,
            EngineListener listener,
            WhatsAppWebEngine engine,
            SerialLane lane,
            BridgeProcess bridge) {
        this.session = session;
        this.listener = listener;
        this.engine = engine;
        this.lane = lane;
        this.bridge = bridge;
    }

    SessionKey session() {
        return session;
    }

    SerialLane lane() {
        return lane;
    }

    BridgeProcess bridge() {
        return bridge;
    }

    /** Asks the bridge to run this session, restoring its stored identity if there is one. */
    void startOnBridge() {
        if (closed) {
            return;
        }
        boolean restore = engine.auth().hasCredentials(session);
        try {
            stub(engine.config().callTimeout())
                    .startSession(StartSessionRequest.newBuilder()
                            .setSession(BridgeMapper.ref(session))
                            .setRestore(restore)
                            .build());
        } catch (StatusRuntimeException | EngineException e) {
            // The bridge is down or restarting: it starts this session again once it is back.
            LOG.info(() -> "Session " + session + " waits for the bridge: " + e.getMessage());
            lane.execute(() -> bridgeLost("the bridge is not available"));
        }
    }

    void onEvent(SessionEvent event) {
        if (closed) {
            return;
        }
        switch (event.getKindCase()) {
            case QR -> {
                reportedDown = false;
                listener.onQr(event.getQr());
            }
            case AUTHENTICATED -> listener.onAuthenticated();
            case READY -> {
                // The session row records that an identity exists; the identity itself is the auth state.
                listener.onCredentials(LINKED_MARKER);
                ready = true;
                reportedDown = false;
                listener.onReady(event.getReady().getPhoneNumber());
            }
            case DISCONNECTED -> {
                ready = false;
                DisconnectReason reason =
                        BridgeMapper.reason(event.getDisconnected().getReason());
                LOG.info(() -> "Session " + session + " disconnected: " + reason.wireName() + " ("
                        + event.getDisconnected().getDetail() + ")");
                if (reason == DisconnectReason.CLIENT_OUTDATED) {
                    LOG.warning(() -> "WhatsApp refused this WhatsApp Web version for session " + session
                            + " (405): set WAPI_WA_VERSION to the current version (or unset it, so that the bridge asks"
                            + " WhatsApp Web at start), restart, and create the session again");
                }
                if (!event.getDisconnected().getReconnecting()) {
                    closed = true;
                    engine.forget(this);
                }
                if (reason.unlinks()) {
                    engine.auth().clear(session);
                }
                reportedDown = true;
                listener.onDisconnected(reason);
            }
            case INCOMING -> listener.onIncoming(BridgeMapper.incoming(event.getIncoming()));
            case ACK ->
                BridgeMapper.ack(event.getAck().getStatus())
                        .ifPresent(status -> listener.onAck(event.getAck().getMessageId(), status));
            case INCOMING_EDIT -> listener.onIncomingEdit(BridgeMapper.incomingEdit(event.getIncomingEdit()));
            case INCOMING_REVOKE -> listener.onIncomingRevoke(BridgeMapper.incomingRevoke(event.getIncomingRevoke()));
            case POLL_VOTE -> listener.onPollVote(BridgeMapper.pollVote(event.getPollVote()));
            case GROUP -> BridgeMapper.groupEvent(event.getGroup()).ifPresent(listener::onGroupEvent);
            case LIMITS -> listener.onLimits(BridgeMapper.limits(event.getLimits()));
            case KIND_NOT_SET -> {}
        }
    }

    /** The bridge died: this session is down until the next bridge starts it again. */
    void bridgeLost(String why) {
        ready = false;
        if (!closed && !reportedDown) {
            reportedDown = true;
            listener.onDisconnected(DisconnectReason.CONNECTION_LOST);
        }
    }

    /** A newer connect for the same session took over; the bridge restarts the session for it. */
    void replaced() {
        closed = true;
    }

    @Override
    public void send(OutgoingMessage message) {
        SendResponse response = call(
                "WhatsApp did not accept the message in time; try again",
                engine.config().sendTimeout(),
                stub -> stub.send(BridgeMapper.send(session, message)),
                r -> r.hasError() ? sendRefusal(r.getError(), message) : null);
        if (!response.getMessageId().equals(message.id())) {
            LOG.warning(() ->
                    "WhatsApp gave message " + message.id() + " of " + session + " the id " + response.getMessageId());
        }
    }

    @Override
    public void sendPresence(String jid, PresenceState state) {
        String baileys = switch (state) {
            case TYPING -> "composing";
            case RECORDING -> "recording";
            case PAUSED -> "paused";
            case AVAILABLE -> "available";
            case UNAVAILABLE -> "unavailable";
        };
        PresenceRequest presence = PresenceRequest.newBuilder()
                .setSession(BridgeMapper.ref(session))
                .setJid(jid == null ? "" : jid)
                .setState(baileys)
                .build();
        control(stub -> stub.sendPresence(presence));
    }

    @Override
    public void markRead(String chatJid, List<MessageRef> messages) {
        MarkReadRequest read = MarkReadRequest.newBuilder()
                .setSession(BridgeMapper.ref(session))
                .setChatJid(chatJid)
                .addAllMessages(messages.stream().map(BridgeMapper::key).toList())
                .build();
        control(stub -> stub.markRead(read));
    }

    @Override
    public void edit(String chatJid, MessageRef target, String text) {
        ChangeMessageRequest edit =
                BridgeMapper.change(session, chatJid, target).setEdit(text).build();
        control(stub -> stub.changeMessage(edit));
    }

    @Override
    public void revoke(String chatJid, MessageRef target) {
        ChangeMessageRequest revoke =
                BridgeMapper.change(session, chatJid, target).setRevoke(true).build();
        control(stub -> stub.changeMessage(revoke));
    }

    @Override
    public void deleteForMe(String chatJid, MessageRef target, long timestamp) {
        ChangeMessageRequest delete = BridgeMapper.change(session, chatJid, target)
                .setDeleteForMeAt(timestamp)
                .build();
        control(stub -> stub.changeMessage(delete));
    }

    /** A presence update, read receipt or message change: the bridge answers once WhatsApp took it. */
    private void control(Function<BridgeGrpc.BridgeBlockingStub, ControlResponse> rpc) {
        call(NO_ANSWER, engine.config().callTimeout(), rpc, r -> r.hasError() ? controlRefusal(r.getError()) : null);
    }

    @Override
    public String requestPairingCode(String phoneNumber) {
        if (closed) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not waiting to be linked");
        }
        return bridgeCall(
                        NO_ANSWER,
                        engine.config().callTimeout(),
                        stub -> stub.requestPairingCode(PairingCodeRequest.newBuilder()
                                .setSession(BridgeMapper.ref(session))
                                .setPhoneNumber(phoneNumber)
                                .build()),
                        r -> r.hasError() ? pairingRefusal(r.getError()) : null)
                .getCode();
    }

    /**
     * Within the send deadline: the bridge may have to fetch the bytes from WhatsApp's media servers again, and when
     * those no longer keep them, ask the phone to upload them again ({@code MEDIA_NOT_FOUND} when it does not).
     */
    @Override
    public Optional<IncomingMedia> downloadMedia(String messageId) {
        DownloadMediaResponse response = call(
                "WhatsApp did not hand over the media in time; try again",
                engine.config().sendTimeout(),
                stub -> stub.downloadMedia(DownloadMediaRequest.newBuilder()
                        .setSession(BridgeMapper.ref(session))
                        .setMessageId(messageId)
                        .build()),
                r -> r.getExpired().isEmpty() ? null : BridgeMapper.mediaExpired(messageId, r.getExpired()));
        if (!response.getFound()) {
            return Optional.empty();
        }
        return Optional.of(
                new IncomingMedia(response.getData().toByteArray(), response.getMimeType(), response.getFileName()));
    }

    // ---- Groups and contacts: one bridge call each, within the control-call deadline ----

    @Override
    public List<GroupInfo> groups() {
        GroupsResponse r = groupCall(
                stub -> stub.listGroups(
                        ListGroupsRequest.newBuilder().setSession(ref()).build()),
                g -> g.hasError() ? BridgeMapper.groupError(g.getError(), "") : null);
        return r.getGroupsList().stream().map(BridgeMapper::group).toList();
    }

    @Override
    public GroupInfo createGroup(String subject, List<String> participantJids) {
        GroupResponse r = groupCall(
                stub -> stub.createGroup(CreateGroupRequest.newBuilder()
                        .setSession(ref())
                        .setSubject(subject)
                        .addAllParticipants(participantJids)
                        .build()),
                g -> g.hasError() ? BridgeMapper.groupError(g.getError(), "") : null);
        return BridgeMapper.group(r.getGroup());
    }

    @Override
    public Optional<GroupInfo> group(String groupJid) {
        GroupResponse r = groupCall(stub -> stub.getGroup(groupRequest(groupJid)), g -> null);
        if (r.hasError()) {
            EngineException e = BridgeMapper.groupError(r.getError(), groupJid);
            if (e.code() == ErrorCode.GROUP_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(BridgeMapper.group(r.getGroup()));
    }

    @Override
    public List<ParticipantResult> updateParticipants(String groupJid, ParticipantAction action, List<String> jids) {
        UpdateParticipantsResponse r = groupCall(
                stub -> stub.updateParticipants(UpdateParticipantsRequest.newBuilder()
                        .setSession(ref())
                        .setGroupJid(groupJid)
                        .setAction(action.wireName())
                        .addAllParticipants(jids)
                        .build()),
                g -> g.hasError() ? BridgeMapper.groupError(g.getError(), groupJid) : null);
        return r.getParticipantsList().stream().map(BridgeMapper::participant).toList();
    }

    @Override
    public void updateGroup(String groupJid, String subject, String description) {
        UpdateGroupRequest.Builder b =
                UpdateGroupRequest.newBuilder().setSession(ref()).setGroupJid(groupJid);
        if (subject != null) {
            b.setSubject(subject);
        }
        if (description != null) {
            b.setDescription(description);
        }
        groupCall(stub -> stub.updateGroup(b.build()), done(groupJid));
    }

    @Override
    public void leaveGroup(String groupJid) {
        groupCall(stub -> stub.leaveGroup(groupRequest(groupJid)), done(groupJid));
    }

    @Override
    public String groupInviteCode(String groupJid) {
        return groupCall(
                        stub -> stub.groupInviteCode(groupRequest(groupJid)),
                        g -> g.hasError() ? BridgeMapper.groupError(g.getError(), groupJid) : null)
                .getCode();
    }

    @Override
    public List<NumberCheck> checkNumbers(List<String> jids) {
        CheckNumbersResponse r = groupCall(
                stub -> stub.checkNumbers(CheckNumbersRequest.newBuilder()
                        .setSession(ref())
                        .addAllJids(jids)
                        .build()),
                g -> g.hasError() ? BridgeMapper.groupError(g.getError(), "") : null);
        return r.getNumbersList().stream()
                .map(n -> new NumberCheck(n.getJid(), n.getExists()))
                .toList();
    }

    private <T> T groupCall(Function<BridgeGrpc.BridgeBlockingStub, T> rpc, Function<T, EngineException> refusal) {
        return call(NO_ANSWER, engine.config().callTimeout(), rpc, refusal);
    }

    private GroupRequest groupRequest(String groupJid) {
        return GroupRequest.newBuilder().setSession(ref()).setGroupJid(groupJid).build();
    }

    private cloud.wapiconnect.bridge.v1.SessionRef ref() {
        return BridgeMapper.ref(session);
    }

    private static Function<GroupDoneResponse, EngineException> done(String groupJid) {
        return r -> r.hasError() ? BridgeMapper.groupError(r.getError(), groupJid) : null;
    }

    // ---- One bridge call: readiness, deadline, and what a failure means ----

    /**
     * A call of a connected session: {@code SESSION_NOT_READY} unless it is, then {@link #bridgeCall}.
     *
     * @param notAnswered the message when the bridge does not answer in time ({@code ENGINE_UNAVAILABLE})
     * @param refusal     the exception for a response that carries an error, or null when it carries none
     */
    private <T> T call(
            String notAnswered,
            Duration deadline,
            Function<BridgeGrpc.BridgeBlockingStub, T> rpc,
            Function<T, EngineException> refusal) {
        if (closed || !ready) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
        return bridgeCall(notAnswered, deadline, rpc, refusal);
    }

    /**
     * One bridge call within {@code deadline}: {@code ENGINE_UNAVAILABLE} while the bridge restarts or when it
     * does not answer in time, and the response's own error mapped by {@code refusal}.
     */
    private <T> T bridgeCall(
            String notAnswered,
            Duration deadline,
            Function<BridgeGrpc.BridgeBlockingStub, T> rpc,
            Function<T, EngineException> refusal) {
        T response;
        try {
            response = rpc.apply(stub(deadline));
        } catch (StatusRuntimeException e) {
            throw unavailable(notAnswered, e);
        }
        EngineException refused = refusal.apply(response);
        if (refused != null) {
            throw refused;
        }
        return response;
    }

    private static EngineException sendRefusal(SendError error, OutgoingMessage message) {
        return switch (error.getKind()) {
            case SEND_ERROR_KIND_NOT_READY ->
                new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
            case SEND_ERROR_KIND_NOT_ON_WHATSAPP ->
                new EngineException(
                        ErrorCode.RECIPIENT_NOT_ON_WHATSAPP,
                        "The number " + message.jid().substring(0, message.jid().indexOf('@')) + " is not on WhatsApp");
            case SEND_ERROR_KIND_RATE_LIMITED ->
                EngineException.rateLimited(
                        error.getLockedUntil() > 0
                                ? Math.max(1, (error.getLockedUntil() - System.currentTimeMillis() + 999) / 1000)
                                : SendingLimits.UNKNOWN_LOCK_RETRY_SECONDS);
            case SEND_ERROR_KIND_FAILED, SEND_ERROR_KIND_UNSPECIFIED, UNRECOGNIZED ->
                new EngineException(
                        ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp did not accept the message: " + error.getDetail());
        };
    }

    private static EngineException controlRefusal(SendError error) {
        return switch (error.getKind()) {
            case SEND_ERROR_KIND_NOT_READY ->
                new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
            case SEND_ERROR_KIND_NOT_ON_WHATSAPP,
                    SEND_ERROR_KIND_FAILED,
                    SEND_ERROR_KIND_RATE_LIMITED,
                    SEND_ERROR_KIND_UNSPECIFIED,
                    UNRECOGNIZED ->
                new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp refused: " + error.getDetail());
        };
    }

    private static EngineException pairingRefusal(PairingError error) {
        return switch (error.getKind()) {
            case PAIRING_ERROR_KIND_ALREADY_LINKED ->
                new EngineException(ErrorCode.SESSION_ALREADY_LINKED, "The session is already linked to a phone");
            case PAIRING_ERROR_KIND_NOT_CONNECTED ->
                new EngineException(
                        ErrorCode.SESSION_NOT_READY,
                        "The session has not reached WhatsApp yet; try again when it shows a QR code");
            case PAIRING_ERROR_KIND_FAILED, PAIRING_ERROR_KIND_UNSPECIFIED, UNRECOGNIZED ->
                new EngineException(
                        ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp refused the pairing request: " + error.getDetail());
        };
    }

    @Override
    public void close() {
        stop(false);
    }

    @Override
    public void logout() {
        stop(true);
    }

    private void stop(boolean logout) {
        closed = true;
        ready = false;
        engine.forget(this);
        try {
            stub(engine.config().callTimeout())
                    .stopSession(StopSessionRequest.newBuilder()
                            .setSession(BridgeMapper.ref(session))
                            .setLogout(logout)
                            .build());
        } catch (StatusRuntimeException | EngineException e) {
            // A bridge that is gone has closed the socket already; a restarted one will not start it again.
            LOG.info(() -> "Stopping " + session + " on the bridge: " + e.getMessage());
        }
        if (logout) {
            engine.auth().clear(session);
        }
    }

    private BridgeGrpc.BridgeBlockingStub stub(Duration deadline) {
        return bridge.stub()
                .orElseThrow(() -> new EngineException(
                        ErrorCode.ENGINE_UNAVAILABLE, "The WhatsApp bridge is restarting; try again"))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static EngineException unavailable(String message, StatusRuntimeException e) {
        String why = e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED ? " (deadline passed)" : "";
        return new EngineException(ErrorCode.ENGINE_UNAVAILABLE, message + why);
    }
}
