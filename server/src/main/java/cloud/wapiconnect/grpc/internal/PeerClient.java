package cloud.wapiconnect.grpc.internal;

import cloud.wapiconnect.cluster.ClusterConfig;
import cloud.wapiconnect.cluster.Owner;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.internal.v1.ChangeMessageRequest;
import cloud.wapiconnect.internal.v1.CheckNumbersRequest;
import cloud.wapiconnect.internal.v1.CreateGroupRequest;
import cloud.wapiconnect.internal.v1.DownloadMediaRequest;
import cloud.wapiconnect.internal.v1.GroupRequest;
import cloud.wapiconnect.internal.v1.LiveSessionsGrpc;
import cloud.wapiconnect.internal.v1.MarkReadRequest;
import cloud.wapiconnect.internal.v1.PairingCodeRequest;
import cloud.wapiconnect.internal.v1.PresenceRequest;
import cloud.wapiconnect.internal.v1.SandboxRequest;
import cloud.wapiconnect.internal.v1.SessionRef;
import cloud.wapiconnect.internal.v1.StateReply;
import cloud.wapiconnect.internal.v1.UpdateGroupRequest;
import cloud.wapiconnect.internal.v1.UpdateParticipantsRequest;
import cloud.wapiconnect.logging.LogContext;
import cloud.wapiconnect.logging.RequestIds;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.sandbox.PeerPhones;
import cloud.wapiconnect.session.LiveState;
import cloud.wapiconnect.session.PeerSessions;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.PresenceState;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The calling node's side of "any node answers": {@link PeerSessions} (and the sandbox's {@link PeerPhones})
 * over the internal gRPC service of the session's owner, one call per step, each with a deadline, carrying
 * the cluster secret. One channel per peer address, kept for the node's life (gRPC reconnects it).
 *
 * <p>Why forwarding at this layer, and not the facade request as an envelope: the step that needs the owner is
 * only the live-connection call; the node the client reached runs the rest of the same service code (its
 * facade, validation, idempotency, the message log) against the shared database, so the answer is built
 * exactly as on the owner, with the owner's failures carried over unchanged ({@link InternalErrors}). The
 * contract is the small, stable {@code EngineConnection} (one proto message per operation), not every public
 * REST path and gRPC method; media travel as bytes already checked by the caller; and the owner's service
 * can only serve its own connections, which makes one hop a property of the code, not of a header.
 */
@ApplicationScoped
public class PeerClient implements PeerSessions, PeerPhones {
    private static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of(RequestIds.HEADER.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);

    /** State, control and group calls: the owner's engine answers these within its own deadline (~10 s). */
    static final Duration CONTROL_DEADLINE = Duration.ofSeconds(20);

    /** Sends and media downloads: the owner's engine may have to upload or fetch the bytes first. */
    static final Duration TRANSFER_DEADLINE = Duration.ofSeconds(75);

    private static final int MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

    private final ClusterConfig config;
    private final WapiMetrics metrics;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    @Inject
    public PeerClient(ClusterConfig config, WapiMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Optional<LiveState> state(Owner.Elsewhere owner, SessionKey key) {
        StateReply reply = call(owner, CONTROL_DEADLINE, s -> s.state(ref(owner, key)));
        return reply.getLive() ? Optional.of(LiveSessionsMapper.state(reply)) : Optional.empty();
    }

    @Override
    public EngineConnection connection(Owner.Elsewhere owner, SessionKey key) {
        return new RemoteConnection(owner, ref(owner, key));
    }

    @Override
    public void disconnect(Owner.Elsewhere owner, SessionKey key) {
        call(owner, CONTROL_DEADLINE, s -> s.disconnect(ref(owner, key)));
    }

    @Override
    public void logout(Owner.Elsewhere owner, SessionKey key) {
        call(owner, CONTROL_DEADLINE, s -> s.logout(ref(owner, key)));
    }

    @Override
    public String apply(Owner.Elsewhere owner, SessionKey key, String action, String argumentsJson) {
        String result = call(
                        owner,
                        TRANSFER_DEADLINE,
                        s -> s.sandbox(SandboxRequest.newBuilder()
                                .setSession(ref(owner, key))
                                .setAction(action)
                                .setArgumentsJson(argumentsJson)
                                .build()))
                .getValue();
        return result.isEmpty() ? null : result;
    }

    private static SessionRef ref(Owner.Elsewhere owner, SessionKey key) {
        return LiveSessionsMapper.ref(key, owner.generation());
    }

    /** One call to the owner: its failure as the owner's own error, or a clear 503 when the call itself failed. */
    private <T> T call(
            Owner.Elsewhere owner, Duration deadline, Function<LiveSessionsGrpc.LiveSessionsBlockingStub, T> rpc) {
        LiveSessionsGrpc.LiveSessionsBlockingStub stub = LiveSessionsGrpc.newBlockingStub(channel(owner.address()))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        String requestId = LogContext.requestId();
        if (requestId != null) {
            // the owner's log lines about this step name the client's request too
            Metadata id = new Metadata();
            id.put(REQUEST_ID, requestId);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(id));
        }
        try {
            T reply = rpc.apply(stub);
            metrics.forwardedCall(true);
            return reply;
        } catch (StatusRuntimeException e) {
            metrics.forwardedCall(false);
            throw InternalErrors.fromStatus(
                    e, owner.nodeId(), Math.max(1, (config.lease().toMillis() + 999) / 1000));
        }
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> {
            Metadata secret = new Metadata();
            // No secret here: the owner refuses the call (UNAUTHENTICATED) and the caller answers 503.
            secret.put(ClusterSecretInterceptor.SECRET, config.secret().orElse(""));
            return NettyChannelBuilder.forTarget(a)
                    .usePlaintext()
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .intercept(MetadataUtils.newAttachHeadersInterceptor(secret))
                    .build();
        });
    }

    @PreDestroy
    void stop() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }

    /** The owner's connection of one session, one internal call per method. */
    private final class RemoteConnection implements EngineConnection {
        private final Owner.Elsewhere owner;
        private final SessionRef session;

        RemoteConnection(Owner.Elsewhere owner, SessionRef session) {
            this.owner = owner;
            this.session = session;
        }

        @Override
        public void send(OutgoingMessage message) {
            call(owner, TRANSFER_DEADLINE, s -> s.send(LiveSessionsMapper.send(session, message)));
        }

        @Override
        public String requestPairingCode(String phoneNumber) {
            return call(
                            owner,
                            CONTROL_DEADLINE,
                            s -> s.requestPairingCode(PairingCodeRequest.newBuilder()
                                    .setSession(session)
                                    .setPhoneNumber(phoneNumber)
                                    .build()))
                    .getValue();
        }

        @Override
        public Optional<IncomingMedia> downloadMedia(String messageId) {
            var reply = call(
                    owner,
                    TRANSFER_DEADLINE,
                    s -> s.downloadMedia(DownloadMediaRequest.newBuilder()
                            .setSession(session)
                            .setMessageId(messageId)
                            .build()));
            return reply.getFound() ? Optional.of(LiveSessionsMapper.media(reply)) : Optional.empty();
        }

        @Override
        public List<GroupInfo> groups() {
            return call(owner, CONTROL_DEADLINE, s -> s.groups(session)).getGroupsList().stream()
                    .map(LiveSessionsMapper::groupInfo)
                    .toList();
        }

        @Override
        public GroupInfo createGroup(String subject, List<String> participantJids) {
            return LiveSessionsMapper.groupInfo(call(
                    owner,
                    CONTROL_DEADLINE,
                    s -> s.createGroup(CreateGroupRequest.newBuilder()
                            .setSession(session)
                            .setSubject(subject)
                            .addAllParticipantJids(participantJids)
                            .build())));
        }

        @Override
        public Optional<GroupInfo> group(String groupJid) {
            var reply = call(owner, CONTROL_DEADLINE, s -> s.getGroup(groupRequest(groupJid)));
            return reply.getFound() ? Optional.of(LiveSessionsMapper.groupInfo(reply.getGroup())) : Optional.empty();
        }

        @Override
        public List<ParticipantResult> updateParticipants(
                String groupJid, ParticipantAction action, List<String> jids) {
            return call(
                            owner,
                            CONTROL_DEADLINE,
                            s -> s.updateParticipants(UpdateParticipantsRequest.newBuilder()
                                    .setSession(session)
                                    .setGroupJid(groupJid)
                                    .setAction(action.name())
                                    .addAllJids(jids)
                                    .build()))
                    .getResultsList()
                    .stream()
                    .map(r -> new ParticipantResult(r.getJid(), ParticipantResult.Outcome.valueOf(r.getOutcome())))
                    .toList();
        }

        @Override
        public void updateGroup(String groupJid, String subject, String description) {
            UpdateGroupRequest.Builder b =
                    UpdateGroupRequest.newBuilder().setSession(session).setGroupJid(groupJid);
            if (subject != null) {
                b.setSubject(subject);
            }
            if (description != null) {
                b.setDescription(description);
            }
            call(owner, CONTROL_DEADLINE, s -> s.updateGroup(b.build()));
        }

        @Override
        public void leaveGroup(String groupJid) {
            call(owner, CONTROL_DEADLINE, s -> s.leaveGroup(groupRequest(groupJid)));
        }

        @Override
        public String groupInviteCode(String groupJid) {
            return call(owner, CONTROL_DEADLINE, s -> s.groupInviteCode(groupRequest(groupJid)))
                    .getValue();
        }

        @Override
        public List<NumberCheck> checkNumbers(List<String> jids) {
            return call(
                            owner,
                            CONTROL_DEADLINE,
                            s -> s.checkNumbers(CheckNumbersRequest.newBuilder()
                                    .setSession(session)
                                    .addAllJids(jids)
                                    .build()))
                    .getChecksList()
                    .stream()
                    .map(n -> new NumberCheck(n.getJid(), n.getOnWhatsapp()))
                    .toList();
        }

        @Override
        public void sendPresence(String jid, PresenceState state) {
            PresenceRequest.Builder b =
                    PresenceRequest.newBuilder().setSession(session).setState(state.name());
            if (jid != null) {
                b.setJid(jid);
            }
            call(owner, CONTROL_DEADLINE, s -> s.sendPresence(b.build()));
        }

        @Override
        public void markRead(String chatJid, List<MessageRef> messages) {
            call(
                    owner,
                    CONTROL_DEADLINE,
                    s -> s.markRead(MarkReadRequest.newBuilder()
                            .setSession(session)
                            .setChatJid(chatJid)
                            .addAllMessages(messages.stream()
                                    .map(LiveSessionsMapper::ref)
                                    .toList())
                            .build()));
        }

        @Override
        public void edit(String chatJid, MessageRef target, String text) {
            change(chatJid, target, c -> c.setEdit(text));
        }

        @Override
        public void revoke(String chatJid, MessageRef target) {
            change(chatJid, target, c -> c.setRevoke(true));
        }

        @Override
        public void deleteForMe(String chatJid, MessageRef target, long timestamp) {
            change(chatJid, target, c -> c.setDeleteForMeAt(timestamp));
        }

        private void change(
                String chatJid, MessageRef target, java.util.function.Consumer<ChangeMessageRequest.Builder> how) {
            ChangeMessageRequest.Builder b = ChangeMessageRequest.newBuilder()
                    .setSession(session)
                    .setChatJid(chatJid)
                    .setTarget(LiveSessionsMapper.ref(target));
            how.accept(b);
            call(owner, CONTROL_DEADLINE, s -> s.changeMessage(b.build()));
        }

        @Override
        public void close() {
            // Closing is the owner's, through PeerSessions.disconnect: this proxy holds nothing to close.
        }

        @Override
        public void logout() {
            throw new IllegalStateException("log out through PeerSessions.logout, on the owner");
        }

        private GroupRequest groupRequest(String groupJid) {
            return GroupRequest.newBuilder()
                    .setSession(session)
                    .setGroupJid(groupJid)
                    .build();
        }
    }
}
