package cloud.wapiconnect.client;

import cloud.wapiconnect.proto.v1.AccountGrpc;
import cloud.wapiconnect.proto.v1.ApiKeyInfo;
import cloud.wapiconnect.proto.v1.BulkJob;
import cloud.wapiconnect.proto.v1.BulkJobsGrpc;
import cloud.wapiconnect.proto.v1.CancelBulkJobRequest;
import cloud.wapiconnect.proto.v1.ChatsGrpc;
import cloud.wapiconnect.proto.v1.CheckContactsRequest;
import cloud.wapiconnect.proto.v1.Contact;
import cloud.wapiconnect.proto.v1.ContactIdentity;
import cloud.wapiconnect.proto.v1.CreateApiKeyRequest;
import cloud.wapiconnect.proto.v1.CreateGroupRequest;
import cloud.wapiconnect.proto.v1.CreateSessionRequest;
import cloud.wapiconnect.proto.v1.CreateSessionResponse;
import cloud.wapiconnect.proto.v1.CreatedApiKey;
import cloud.wapiconnect.proto.v1.DeleteApiKeyRequest;
import cloud.wapiconnect.proto.v1.DeleteSessionRequest;
import cloud.wapiconnect.proto.v1.DisconnectSessionRequest;
import cloud.wapiconnect.proto.v1.DownloadMediaRequest;
import cloud.wapiconnect.proto.v1.DownloadMediaResponse;
import cloud.wapiconnect.proto.v1.EditMessageRequest;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventsGrpc;
import cloud.wapiconnect.proto.v1.ForwardMessageRequest;
import cloud.wapiconnect.proto.v1.GetBulkJobRequest;
import cloud.wapiconnect.proto.v1.GetContactRequest;
import cloud.wapiconnect.proto.v1.GetGroupRequest;
import cloud.wapiconnect.proto.v1.GetInviteCodeRequest;
import cloud.wapiconnect.proto.v1.GetSessionStatusRequest;
import cloud.wapiconnect.proto.v1.GetUsageRequest;
import cloud.wapiconnect.proto.v1.Group;
import cloud.wapiconnect.proto.v1.GroupsGrpc;
import cloud.wapiconnect.proto.v1.InviteCode;
import cloud.wapiconnect.proto.v1.LeaveGroupRequest;
import cloud.wapiconnect.proto.v1.ListApiKeysRequest;
import cloud.wapiconnect.proto.v1.ListBulkJobsRequest;
import cloud.wapiconnect.proto.v1.ListBulkJobsResponse;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsResponse;
import cloud.wapiconnect.proto.v1.ListChatMessagesRequest;
import cloud.wapiconnect.proto.v1.ListChatsRequest;
import cloud.wapiconnect.proto.v1.ListChatsResponse;
import cloud.wapiconnect.proto.v1.ListGroupsRequest;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.ListMessagesResponse;
import cloud.wapiconnect.proto.v1.ListSessionsRequest;
import cloud.wapiconnect.proto.v1.LoggedMessage;
import cloud.wapiconnect.proto.v1.MarkReadRequest;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.MessagesGrpc;
import cloud.wapiconnect.proto.v1.ParticipantAction;
import cloud.wapiconnect.proto.v1.ParticipantResult;
import cloud.wapiconnect.proto.v1.RequestPairingCodeRequest;
import cloud.wapiconnect.proto.v1.ResetApiKeyRequest;
import cloud.wapiconnect.proto.v1.RevokeMessageRequest;
import cloud.wapiconnect.proto.v1.RotateApiKeyRequest;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import cloud.wapiconnect.proto.v1.SendMessageResponse;
import cloud.wapiconnect.proto.v1.SendPresenceRequest;
import cloud.wapiconnect.proto.v1.Session;
import cloud.wapiconnect.proto.v1.SessionsGrpc;
import cloud.wapiconnect.proto.v1.StartBulkJobRequest;
import cloud.wapiconnect.proto.v1.StartBulkJobResponse;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.proto.v1.UpdateGroupRequest;
import cloud.wapiconnect.proto.v1.UpdateParticipantsRequest;
import cloud.wapiconnect.proto.v1.UpdateSessionRequest;
import cloud.wapiconnect.proto.v1.Usage;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A typed client for the WapiConnect gRPC API: one method per RPC, failures as {@link WapiClientException}
 * carrying the API's error code, and {@link #follow} for an event stream that survives disconnects and
 * server restarts. Thread-safe; share one per server and key.
 */
public final class WapiClient implements AutoCloseable {
    public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);

    private final ManagedChannel ownChannel;
    private final Channel channel;
    private final Duration deadline;

    private WapiClient(ManagedChannel ownChannel, Channel channel, Duration deadline) {
        this.ownChannel = ownChannel;
        this.channel = channel;
        this.deadline = deadline;
    }

    /** A client for {@code host:port} over plaintext HTTP/2 (as behind a mesh sidecar). */
    public static WapiClient connect(String target, String apiKey) {
        return builder(target, apiKey).build();
    }

    public static Builder builder(String target, String apiKey) {
        return new Builder(target, apiKey);
    }

    /** A client on a channel the caller owns (and closes). */
    public static WapiClient on(Channel channel, String apiKey) {
        return new WapiClient(null, withKey(channel, apiKey), Duration.ofSeconds(30));
    }

    private static Channel withKey(Channel channel, String apiKey) {
        Metadata headers = new Metadata();
        headers.put(API_KEY, Objects.requireNonNull(apiKey, "apiKey"));
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    static final int DEFAULT_MAX_INBOUND_MESSAGE_SIZE = 128 * 1024 * 1024;

    public static final class Builder {
        private final String target;
        private final String apiKey;
        private boolean tls;
        private Duration deadline = Duration.ofSeconds(30);
        private Integer flowControlWindow;
        private int maxInboundMessageSize = DEFAULT_MAX_INBOUND_MESSAGE_SIZE;

        private Builder(String target, String apiKey) {
            this.target = target;
            this.apiKey = apiKey;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Deadline of each unary call (default 30 s). */
        public Builder deadline(Duration deadline) {
            this.deadline = deadline;
            return this;
        }

        /** HTTP/2 window per stream, in bytes: how much the transport reads ahead of a slow consumer. */
        public Builder flowControlWindow(int bytes) {
            this.flowControlWindow = bytes;
            return this;
        }

        /**
         * Largest response accepted, in bytes (default 128 MiB, gRPC's own default is 4 MiB): downloaded media
         * arrives in one message, and documents may be 100 MB.
         */
        public Builder maxInboundMessageSize(int bytes) {
            this.maxInboundMessageSize = bytes;
            return this;
        }

        public WapiClient build() {
            NettyChannelBuilder channel = NettyChannelBuilder.forTarget(target)
                    // Pings find a dead connection under an idle stream (heartbeats come every 15 s anyway).
                    .keepAliveTime(30, TimeUnit.SECONDS)
                    .keepAliveTimeout(10, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(false)
                    .maxInboundMessageSize(maxInboundMessageSize);
            if (!tls) {
                channel.usePlaintext();
            }
            if (flowControlWindow != null) {
                channel.flowControlWindow(flowControlWindow);
            }
            ManagedChannel managed = channel.build();
            return new WapiClient(managed, withKey(managed, apiKey), deadline);
        }
    }

    // ---- sessions

    public CreateSessionResponse createSession(String sessionId, String name) {
        return call(() -> sessions()
                .createSession(CreateSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setName(name == null ? "" : name)
                        .build()));
    }

    /** A session with every field of the request (its proxy among them). */
    public CreateSessionResponse createSession(CreateSessionRequest request) {
        return call(() -> sessions().createSession(request));
    }

    /** Sets the session's proxy ({@code socks5://…} or {@code http://…}), or removes it with {@code ""}. */
    public Session setSessionProxy(String sessionId, String proxy) {
        return call(() -> sessions()
                .updateSession(UpdateSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setProxy(proxy)
                        .build()));
    }

    public Session sessionStatus(String sessionId) {
        return call(() -> sessions()
                .getSessionStatus(GetSessionStatusRequest.newBuilder()
                        .setSessionId(sessionId)
                        .build()));
    }

    public List<Session> listSessions() {
        return call(() -> sessions()
                .listSessions(ListSessionsRequest.getDefaultInstance())
                .getSessionsList());
    }

    public Session disconnectSession(String sessionId) {
        return call(() -> sessions()
                .disconnectSession(DisconnectSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .build()));
    }

    public void deleteSession(String sessionId) {
        call(() -> sessions()
                .deleteSession(DeleteSessionRequest.newBuilder()
                        .setSessionId(sessionId)
                        .build()));
    }

    /** The code to type on the phone instead of scanning the QR code. */
    public String requestPairingCode(String sessionId, String phoneNumber) {
        return call(() -> sessions()
                .requestPairingCode(RequestPairingCodeRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setPhoneNumber(phoneNumber)
                        .build())
                .getPairingCode());
    }

    // ---- messages

    public SendMessageResponse send(SendMessageRequest request) {
        return call(() -> messages().sendMessage(request));
    }

    /** Sends a text message. */
    public SendMessageResponse sendText(String sessionId, String to, String text) {
        return send(SendMessageRequest.newBuilder()
                .setSessionId(sessionId)
                .setTo(to)
                .setContent(MessageContent.newBuilder().setType("text").setMessage(text))
                .build());
    }

    public ListMessagesResponse listMessages(ListMessagesRequest request) {
        return call(() -> messages().listMessages(request));
    }

    /** The media of an incoming message; files above the channel's max inbound message size fail. */
    public DownloadMediaResponse downloadMedia(String sessionId, String messageId) {
        return call(() -> messages()
                .downloadMedia(DownloadMediaRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setMessageId(messageId)
                        .build()));
    }

    /** Shows typing / recording / paused in a chat ({@code to}), or available / unavailable ({@code to} may be null). */
    public void sendPresence(String sessionId, String to, String state) {
        call(() -> messages()
                .sendPresence(SendPresenceRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setTo(to == null ? "" : to)
                        .setState(state)
                        .build()));
    }

    /** Marks messages of a chat as read; returns how many. */
    public int markRead(String sessionId, String chat, List<String> messageIds) {
        return call(() -> messages()
                        .markRead(MarkReadRequest.newBuilder()
                                .setSessionId(sessionId)
                                .setChat(chat)
                                .addAllMessageIds(messageIds)
                                .build()))
                .getMarked();
    }

    /** Replaces the text of a text message the session sent; returns the message as the log now shows it. */
    public LoggedMessage editMessage(String sessionId, String messageId, String text) {
        return call(() -> messages()
                        .editMessage(EditMessageRequest.newBuilder()
                                .setSessionId(sessionId)
                                .setMessageId(messageId)
                                .setMessage(text)
                                .build()))
                .getMessage();
    }

    /** Deletes a message the session sent for everyone, or ({@code forMe}) any message from this device only. */
    public LoggedMessage revokeMessage(String sessionId, String messageId, boolean forMe) {
        return call(() -> messages()
                        .revokeMessage(RevokeMessageRequest.newBuilder()
                                .setSessionId(sessionId)
                                .setMessageId(messageId)
                                .setForMe(forMe)
                                .build()))
                .getMessage();
    }

    /** Forwards a message of the log to another chat, as a new message. */
    public SendMessageResponse forwardMessage(String sessionId, String messageId, String to) {
        return call(() -> messages()
                .forwardMessage(ForwardMessageRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setMessageId(messageId)
                        .setTo(to)
                        .build()));
    }

    // ---- bulk jobs

    public StartBulkJobResponse startBulkJob(StartBulkJobRequest request) {
        return call(() -> bulkJobs().startBulkJob(request));
    }

    public BulkJob bulkJob(String jobId) {
        return call(() -> bulkJobs()
                .getBulkJob(GetBulkJobRequest.newBuilder().setJobId(jobId).build()));
    }

    public ListBulkJobsResponse listBulkJobs(ListBulkJobsRequest request) {
        return call(() -> bulkJobs().listBulkJobs(request));
    }

    public BulkJob cancelBulkJob(String jobId) {
        return call(() -> bulkJobs()
                .cancelBulkJob(CancelBulkJobRequest.newBuilder().setJobId(jobId).build()));
    }

    public ListBulkRecipientsResponse listBulkRecipients(ListBulkRecipientsRequest request) {
        return call(() -> bulkJobs().listBulkRecipients(request));
    }

    // ---- groups

    public List<Group> listGroups(String sessionId) {
        return call(() -> groups().listGroups(
                        ListGroupsRequest.newBuilder().setSessionId(sessionId).build())
                .getGroupsList());
    }

    public Group createGroup(String sessionId, String subject, List<String> participants) {
        return call(() -> groups().createGroup(CreateGroupRequest.newBuilder()
                .setSessionId(sessionId)
                .setSubject(subject)
                .addAllParticipants(participants)
                .build()));
    }

    public Group group(String sessionId, String groupJid) {
        return call(() -> groups().getGroup(GetGroupRequest.newBuilder()
                .setSessionId(sessionId)
                .setGroupJid(groupJid)
                .build()));
    }

    /** One outcome per participant: {@code ok}, {@code not_on_whatsapp}, {@code not_in_group}, {@code already_in_group}, {@code refused}. */
    public List<ParticipantResult> updateParticipants(
            String sessionId, String groupJid, ParticipantAction action, List<String> participants) {
        return call(() -> groups().updateParticipants(UpdateParticipantsRequest.newBuilder()
                        .setSessionId(sessionId)
                        .setGroupJid(groupJid)
                        .setAction(action)
                        .addAllParticipants(participants)
                        .build())
                .getParticipantsList());
    }

    /** Null leaves the subject or the description unchanged. */
    public Group updateGroup(String sessionId, String groupJid, String subject, String description) {
        UpdateGroupRequest.Builder b =
                UpdateGroupRequest.newBuilder().setSessionId(sessionId).setGroupJid(groupJid);
        if (subject != null) {
            b.setSubject(subject);
        }
        if (description != null) {
            b.setDescription(description);
        }
        return call(() -> groups().updateGroup(b.build()));
    }

    public void leaveGroup(String sessionId, String groupJid) {
        call(() -> groups().leaveGroup(LeaveGroupRequest.newBuilder()
                .setSessionId(sessionId)
                .setGroupJid(groupJid)
                .build()));
    }

    public InviteCode groupInviteCode(String sessionId, String groupJid) {
        return call(() -> groups().getInviteCode(GetInviteCodeRequest.newBuilder()
                .setSessionId(sessionId)
                .setGroupJid(groupJid)
                .build()));
    }

    // ---- chats and contacts

    /** Pages count from 1; 0 for page or limit means the default (first page, 20). */
    public ListChatsResponse listChats(String sessionId, int page, int limit) {
        return call(() -> chats().listChats(ListChatsRequest.newBuilder()
                .setSessionId(sessionId)
                .setPage(page)
                .setLimit(limit)
                .build()));
    }

    public ListMessagesResponse listChatMessages(String sessionId, String jid, int page, int limit) {
        return call(() -> chats().listChatMessages(ListChatMessagesRequest.newBuilder()
                .setSessionId(sessionId)
                .setJid(jid)
                .setPage(page)
                .setLimit(limit)
                .build()));
    }

    public List<Contact> checkContacts(String sessionId, List<String> phones) {
        return call(() -> chats().checkContacts(CheckContactsRequest.newBuilder()
                        .setSessionId(sessionId)
                        .addAllPhones(phones)
                        .build())
                .getContactsList());
    }

    /** Both forms of a person (phone number and LID) as the session knows them; CONTACT_NOT_FOUND when it does not. */
    public ContactIdentity getContact(String sessionId, String phoneOrLid) {
        return call(() -> chats().getContact(GetContactRequest.newBuilder()
                .setSessionId(sessionId)
                .setPhoneOrLid(phoneOrLid)
                .build()));
    }

    // ---- account

    public Usage usage() {
        return call(() -> AccountGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .getUsage(GetUsageRequest.getDefaultInstance()));
    }

    /** Issues a new API key; this client keeps sending the old one, so build a new client with the result. */
    public String resetApiKey() {
        return call(() -> AccountGrpc.newBlockingStub(channel)
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .resetApiKey(ResetApiKeyRequest.getDefaultInstance())
                .getApiKey());
    }

    /** Issues a new API key; the old one keeps working for {@code graceSeconds}. */
    public String resetApiKey(long graceSeconds) {
        return call(() -> account()
                .resetApiKey(ResetApiKeyRequest.newBuilder()
                        .setGraceSeconds(graceSeconds)
                        .build())
                .getApiKey());
    }

    /** Creates a named API key; its secret is in the result only. */
    public CreatedApiKey createApiKey(CreateApiKeyRequest request) {
        return call(() -> account().createApiKey(request));
    }

    public List<ApiKeyInfo> listApiKeys() {
        return call(() ->
                account().listApiKeys(ListApiKeysRequest.getDefaultInstance()).getApiKeysList());
    }

    public void deleteApiKey(String id) {
        call(() -> account()
                .deleteApiKey(DeleteApiKeyRequest.newBuilder().setId(id).build()));
    }

    public CreatedApiKey rotateApiKey(String id, long graceSeconds) {
        return call(() -> account()
                .rotateApiKey(RotateApiKeyRequest.newBuilder()
                        .setId(id)
                        .setGraceSeconds(graceSeconds)
                        .build()));
    }

    private AccountGrpc.AccountBlockingStub account() {
        return AccountGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- events

    /**
     * One event stream, as the server sends it (heartbeats included), without reconnecting: iterate it on
     * one thread. A failure surfaces from {@code hasNext()}/{@code next()} as {@link WapiClientException}.
     */
    public Iterator<Event> subscribe(SubscribeRequest request) {
        Iterator<Event> events = EventsGrpc.newBlockingStub(channel).subscribe(request);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call(events::hasNext);
            }

            @Override
            public Event next() {
                return call(events::next);
            }
        };
    }

    /**
     * Follows the event stream on a thread of its own, handing each event to {@code onEvent} once, in
     * order, across reconnects: after a network cut, a server restart or a cut for reading too slowly it
     * reconnects with backoff and resumes after the last event it delivered. It stops for failures
     * retrying cannot fix (bad key, events expired), reported through {@link EventFollower#failure()}.
     *
     * @param request     filters, and {@code resume_after} for where to start (unset: from now on)
     */
    public EventFollower follow(SubscribeRequest request, Consumer<Event> onEvent) {
        return EventFollower.start(this, request, onEvent);
    }

    // ---- plumbing

    private SessionsGrpc.SessionsBlockingStub sessions() {
        return SessionsGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MessagesGrpc.MessagesBlockingStub messages() {
        return MessagesGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private GroupsGrpc.GroupsBlockingStub groups() {
        return GroupsGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ChatsGrpc.ChatsBlockingStub chats() {
        return ChatsGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private BulkJobsGrpc.BulkJobsBlockingStub bulkJobs() {
        return BulkJobsGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw WapiClientException.of(e);
        }
    }

    @Override
    public void close() {
        if (ownChannel != null) {
            ownChannel.shutdownNow();
            try {
                ownChannel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
