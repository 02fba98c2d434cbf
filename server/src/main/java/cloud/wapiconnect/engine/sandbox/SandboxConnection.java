package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.ParticipantResult.Outcome;
import cloud.wapiconnect.whatsapp.PresenceState;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One session on the simulated network. Every listener call happens while holding this object's
 * lock, which keeps the engine contract that calls for one connection are never concurrent.
 */
public final class SandboxConnection implements EngineConnection {
    private static final String CREDENTIALS_PREFIX = "sandbox:v1:";
    private static final String NOT_ON_WHATSAPP_PREFIX = "999";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** As many as the bridge keeps in memory per session: the sandbox's media of older messages can no longer be downloaded. */
    static final int MEDIA_KEPT = 200;

    private enum State {
        STARTING,
        QR,
        READY,
        RECONNECTING,
        CLOSED
    }

    private final SessionKey session;
    private final EngineListener listener;
    private final SandboxEngine engine;
    private volatile State state = State.STARTING;
    private String phoneNumber;
    private int qrShown;
    private ScheduledFuture<?> timer;
    /** The media of the latest incoming messages, oldest first; in memory only, like the bridge's cache. */
    private final Map<String, IncomingMedia> media = new LinkedHashMap<>();

    SandboxConnection(SessionKey session, EngineListener listener, SandboxEngine engine) {
        this.session = session;
        this.listener = listener;
        this.engine = engine;
    }

    SessionKey session() {
        return session;
    }

    synchronized void start(Optional<byte[]> credentials) {
        Optional<String> linkedPhone = credentials
                .map(c -> new String(c, StandardCharsets.UTF_8))
                .filter(c -> c.startsWith(CREDENTIALS_PREFIX))
                .map(c -> c.substring(CREDENTIALS_PREFIX.length()));
        if (linkedPhone.isPresent()) {
            phoneNumber = linkedPhone.get();
            state = State.RECONNECTING;
            timer = schedule(this::reconnected, Duration.ZERO);
        } else {
            state = State.QR;
            timer = schedule(this::nextQr, Duration.ZERO);
        }
    }

    /** The phone scans the current QR code: authenticated, credentials, ready. */
    public synchronized void scan(String phone) {
        requireState(State.QR, "no QR code is waiting to be scanned");
        cancelTimer();
        phoneNumber = phone;
        listener.onAuthenticated();
        listener.onCredentials((CREDENTIALS_PREFIX + phone).getBytes(StandardCharsets.UTF_8));
        state = State.READY;
        listener.onReady(phone);
    }

    /**
     * Someone writes to this number.
     *
     * @param attachment the media the message carries, or null
     */
    public synchronized String receive(
            String fromJid, String body, String type, boolean isGroup, IncomingMedia attachment) {
        return receive(
                new IncomingMessage(null, fromJid, body, type, isGroup, null, attachment != null, 0), attachment);
    }

    /**
     * Someone writes to this number: {@code message} as WhatsApp would report it (its id and timestamp are
     * given here), with location, contacts, reaction, quote, mentions and participant as the sender made them.
     *
     * @param attachment the media the message carries, or null
     */
    public synchronized String receive(IncomingMessage message, IncomingMedia attachment) {
        requireState(State.READY, "the session is not connected");
        String id = MessageIds.next();
        if (attachment != null) {
            media.put(id, attachment);
            if (media.size() > MEDIA_KEPT) {
                media.remove(media.keySet().iterator().next());
            }
        }
        IncomingMessage m = message;
        listener.onIncoming(new IncomingMessage(
                id,
                m.from(),
                m.body(),
                m.type(),
                m.isGroup(),
                m.participant(),
                attachment != null,
                engine.clock().millis(),
                m.location(),
                m.contacts(),
                m.reaction(),
                m.quotedMessageId(),
                m.mentions()));
        return id;
    }

    /** Someone votes on a poll this session sent. */
    public synchronized void vote(String pollMessageId, String chatJid, String voterJid, List<String> options) {
        requireState(State.READY, "the session is not connected");
        listener.onPollVote(new PollVote(
                pollMessageId, chatJid, voterJid, options, engine.clock().millis()));
    }

    /** The network drops; the connection comes back by itself without a QR. */
    public synchronized void dropConnection() {
        requireState(State.READY, "the session is not connected");
        state = State.RECONNECTING;
        listener.onDisconnected(DisconnectReason.CONNECTION_LOST);
        timer = schedule(this::reconnected, engine.config().reconnectDelay());
    }

    /** The phone unlinks this device. */
    public synchronized void unlinkFromPhone() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("the session is not connected");
        }
        shutDown();
        listener.onDisconnected(DisconnectReason.LOGGED_OUT);
    }

    @Override
    public void send(OutgoingMessage message) {
        if (state != State.READY) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
        if (message.jid().startsWith(NOT_ON_WHATSAPP_PREFIX)) {
            throw new EngineException(
                    ErrorCode.RECIPIENT_NOT_ON_WHATSAPP,
                    "The number " + message.jid().substring(0, message.jid().indexOf('@')) + " is not on WhatsApp");
        }
        engine.deliveries()
                .insert(session, SandboxDeliveries.of(message, engine.clock().millis()));
        // Accepting the message is the network's "sent"; the phone's acks follow. They capture the id
        // only: capturing the message would keep its media bytes alive until the read ack.
        Duration step = engine.config().ackDelay();
        String id = message.id();
        schedule(() -> ack(id, AckStatus.DELIVERED), step);
        schedule(() -> ack(id, AckStatus.READ), step.multipliedBy(2));
    }

    @Override
    public void sendPresence(String jid, PresenceState presence) {
        if (state != State.READY) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
        engine.deliveries()
                .insert(
                        session,
                        SandboxDeliveries.presence(jid, presence, engine.clock().millis()));
    }

    @Override
    public void markRead(String chatJid, List<MessageRef> messages) {
        if (state != State.READY) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
        engine.deliveries()
                .insert(
                        session,
                        SandboxDeliveries.read(chatJid, messages, engine.clock().millis()));
    }

    /** A made-up code shaped like WhatsApp's; the sandbox still links by a simulated {@link #scan}. */
    @Override
    public synchronized String requestPairingCode(String phoneNumber) {
        if (state == State.READY || state == State.RECONNECTING) {
            throw new EngineException(ErrorCode.SESSION_ALREADY_LINKED, "The session is already linked to a phone");
        }
        if (state != State.QR) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not waiting to be linked");
        }
        String alphabet = "ABCDEFGHJKLMNPQRSTVWXYZ123456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            code.append(i == 4 ? "-" : "").append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    @Override
    public synchronized Optional<IncomingMedia> downloadMedia(String messageId) {
        if (state != State.READY) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
        return Optional.ofNullable(media.get(messageId));
    }

    // ---- Groups and contacts: the simulated network keeps each session's groups in its tables ----

    @Override
    public synchronized List<GroupInfo> groups() {
        requireReady();
        return engine.groups().groupsOf(session, me());
    }

    @Override
    public synchronized GroupInfo createGroup(String subject, List<String> participantJids) {
        requireReady();
        String groupJid = "120363" + randomDigits(12) + "@g.us";
        long now = engine.clock().millis();
        List<String[]> participants = new ArrayList<>();
        participants.add(new String[] {me(), SandboxGroupRepository.SUPER_ADMIN});
        for (String jid : participantJids) {
            if (!jid.startsWith(NOT_ON_WHATSAPP_PREFIX) && !jid.equals(me())) {
                participants.add(new String[] {jid, SandboxGroupRepository.MEMBER});
            }
        }
        engine.groups().insert(session, groupJid, subject, me(), randomInviteCode(), now, participants);
        listener.onGroupEvent(new GroupEvent(
                groupJid, GroupEvent.Kind.JOIN, ParticipantAction.ADD, List.of(me()), me(), subject, null, now));
        return engine.groups().find(session, groupJid).orElseThrow();
    }

    @Override
    public synchronized Optional<GroupInfo> group(String groupJid) {
        requireReady();
        return engine.groups()
                .role(session, groupJid, me())
                .flatMap(role -> engine.groups().find(session, groupJid));
    }

    @Override
    public synchronized List<ParticipantResult> updateParticipants(
            String groupJid, ParticipantAction action, List<String> jids) {
        requireAdmin(groupJid);
        SandboxGroupRepository groups = engine.groups();
        long now = engine.clock().millis();
        List<ParticipantResult> results = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String jid : jids) {
            Optional<String> role = groups.role(session, groupJid, jid);
            boolean creator =
                    role.filter(SandboxGroupRepository.SUPER_ADMIN::equals).isPresent();
            Outcome outcome = switch (action) {
                case ADD ->
                    jid.startsWith(NOT_ON_WHATSAPP_PREFIX)
                            ? Outcome.NOT_ON_WHATSAPP
                            : role.isPresent() ? Outcome.ALREADY_IN_GROUP : Outcome.OK;
                // The creator cannot be removed or demoted, and the session leaves by leaveGroup.
                case REMOVE, DEMOTE ->
                    role.isEmpty() ? Outcome.NOT_IN_GROUP : creator || jid.equals(me()) ? Outcome.REFUSED : Outcome.OK;
                case PROMOTE -> role.isEmpty() ? Outcome.NOT_IN_GROUP : Outcome.OK;
            };
            if (outcome == Outcome.OK) {
                switch (action) {
                    case ADD, DEMOTE ->
                        groups.putParticipant(session, groupJid, jid, SandboxGroupRepository.MEMBER, now);
                    case REMOVE -> groups.removeParticipant(session, groupJid, jid);
                    case PROMOTE -> {
                        if (!creator) {
                            groups.putParticipant(session, groupJid, jid, SandboxGroupRepository.ADMIN, now);
                        }
                    }
                }
                changed.add(jid);
            }
            results.add(new ParticipantResult(jid, outcome));
        }
        if (!changed.isEmpty()) {
            listener.onGroupEvent(
                    new GroupEvent(groupJid, GroupEvent.Kind.PARTICIPANTS, action, changed, me(), null, null, now));
        }
        return results;
    }

    @Override
    public synchronized void updateGroup(String groupJid, String subject, String description) {
        requireAdmin(groupJid);
        engine.groups().update(session, groupJid, subject, description);
        listener.onGroupEvent(new GroupEvent(
                groupJid,
                GroupEvent.Kind.UPDATE,
                null,
                List.of(),
                me(),
                subject,
                description,
                engine.clock().millis()));
    }

    @Override
    public synchronized void leaveGroup(String groupJid) {
        requireMember(groupJid);
        engine.groups().removeParticipant(session, groupJid, me());
        listener.onGroupEvent(new GroupEvent(
                groupJid,
                GroupEvent.Kind.LEAVE,
                ParticipantAction.REMOVE,
                List.of(me()),
                me(),
                null,
                null,
                engine.clock().millis()));
    }

    @Override
    public synchronized String groupInviteCode(String groupJid) {
        requireAdmin(groupJid);
        return engine.groups().inviteCode(session, groupJid).orElseThrow();
    }

    /** As for sends: numbers starting with 999 are not on WhatsApp. */
    @Override
    public List<NumberCheck> checkNumbers(List<String> jids) {
        requireReady();
        return jids.stream()
                .map(jid -> new NumberCheck(jid, !jid.startsWith(NOT_ON_WHATSAPP_PREFIX)))
                .toList();
    }

    /**
     * Someone else adds this session's number to a group: to an existing one the session left or was
     * removed from, or (without {@code groupJid}, or one the network does not know) to a new group that
     * {@code byJid} created.
     *
     * @return the group's JID
     */
    public synchronized String addedToGroup(String groupJid, String subject, String byJid) {
        requireState(State.READY, "the session is not connected");
        SandboxGroupRepository groups = engine.groups();
        long now = engine.clock().millis();
        String jid = groupJid;
        if (jid == null || !groups.exists(session, jid)) {
            jid = jid != null ? jid : "120363" + randomDigits(12) + "@g.us";
            groups.insert(
                    session,
                    jid,
                    subject == null ? "Sandbox group" : subject,
                    byJid,
                    randomInviteCode(),
                    now,
                    List.<String[]>of(new String[] {byJid, SandboxGroupRepository.SUPER_ADMIN}));
        } else if (groups.role(session, jid, me()).isPresent()) {
            throw new EngineException(ErrorCode.INVALID_REQUEST, "The session's number is already in group " + jid);
        } else {
            groups.putParticipant(session, jid, byJid, SandboxGroupRepository.ADMIN, now);
        }
        groups.putParticipant(session, jid, me(), SandboxGroupRepository.MEMBER, now);
        String current = groups.find(session, jid).orElseThrow().subject();
        listener.onGroupEvent(new GroupEvent(
                jid, GroupEvent.Kind.JOIN, ParticipantAction.ADD, List.of(me()), byJid, current, null, now));
        return jid;
    }

    /** Someone else (an admin of the group) removes this session's number from a group. */
    public synchronized void removedFromGroup(String groupJid, String byJid) {
        requireState(State.READY, "the session is not connected");
        requireMember(groupJid);
        engine.groups().removeParticipant(session, groupJid, me());
        listener.onGroupEvent(new GroupEvent(
                groupJid,
                GroupEvent.Kind.LEAVE,
                ParticipantAction.REMOVE,
                List.of(me()),
                byJid,
                null,
                null,
                engine.clock().millis()));
    }

    private String me() {
        return phoneNumber + "@s.whatsapp.net";
    }

    private void requireReady() {
        if (state != State.READY) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
    }

    private String requireMember(String groupJid) {
        requireReady();
        return engine.groups()
                .role(session, groupJid, me())
                .orElseThrow(() -> new EngineException(
                        ErrorCode.GROUP_NOT_FOUND, "The session's number is not in group " + groupJid));
    }

    private void requireAdmin(String groupJid) {
        if (SandboxGroupRepository.MEMBER.equals(requireMember(groupJid))) {
            throw new EngineException(
                    ErrorCode.NOT_GROUP_ADMIN, "The session's number is not an admin of group " + groupJid);
        }
    }

    private static String randomDigits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }

    /** Shaped like WhatsApp's: 22 characters of base62. */
    private static String randomInviteCode() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            code.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return code.toString();
    }

    @Override
    public synchronized void close() {
        shutDown();
    }

    @Override
    public synchronized void logout() {
        shutDown();
    }

    private synchronized void nextQr() {
        if (state != State.QR) {
            return;
        }
        if (qrShown >= engine.config().qrMaxCodes()) {
            shutDown();
            listener.onDisconnected(DisconnectReason.QR_TIMEOUT);
            return;
        }
        qrShown++;
        listener.onQr(newQrString());
        timer = schedule(this::nextQr, engine.config().qrInterval());
    }

    private synchronized void reconnected() {
        if (state == State.RECONNECTING) {
            state = State.READY;
            listener.onReady(phoneNumber);
        }
    }

    private synchronized void ack(String messageId, AckStatus status) {
        listener.onAck(messageId, status);
    }

    private void shutDown() {
        state = State.CLOSED;
        media.clear();
        cancelTimer();
        engine.forget(this);
    }

    private void requireState(State expected, String message) {
        if (state != expected) {
            throw new IllegalStateException(message);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return engine.scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Shaped like WhatsApp Web's: a ref and three base64 keys, comma separated. */
    private static String newQrString() {
        return "2@" + randomBase64(48) + "," + randomBase64(32) + "," + randomBase64(32) + "," + randomBase64(16);
    }

    private static String randomBase64(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getEncoder().encodeToString(value);
    }
}
