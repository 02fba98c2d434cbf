package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.NumberCheck;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.PresenceState;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One session on the simulated network: its link state, QR codes, reconnects and acks, and what the
 * gateway asks of it. The phone's side is {@link SimulatedPhone}, the group rules {@link SandboxGroups}.
 * Every listener call happens while holding this object's lock, which keeps the engine contract that
 * calls for one connection are never concurrent.
 *
 * <p>Before it can show a QR code or be ready, a connection takes its session's link on the network
 * ({@link SandboxEngine#link}); once another connection took it, anywhere, this one is {@link #replaced()}.
 */
final class SandboxConnection implements EngineConnection {
    private static final Logger LOG = Logger.getLogger(SandboxConnection.class.getName());
    private static final String CREDENTIALS_PREFIX = "sandbox:v1:";
    /** As many as the bridge keeps in memory per session: the sandbox's media of older messages can no longer be downloaded. */
    static final int MEDIA_KEPT = 200;

    enum State {
        STARTING,
        QR,
        READY,
        RECONNECTING,
        CLOSED
    }

    private final SessionKey session;
    /** This connection's id on the network ({@code sandbox_links.connection_id}). */
    private final String id = SandboxIds.hex32();

    private final EngineListener listener;
    private final SandboxEngine engine;
    private final SandboxGroups groups;
    private volatile State state = State.STARTING;
    /** Closed by the network because a newer connection for the same session opened. */
    private volatile boolean replaced;
    /** Whether this connection took its link yet (callers hold this object's lock). */
    private boolean linkTaken;
    /** Whether a failed link write was logged (once per connection; it retries quietly). */
    private boolean linkFailureLogged;

    private String phoneNumber;
    private int qrShown;
    private ScheduledFuture<?> timer;
    /** What the simulated WhatsApp allows this number to send; its timelock refuses sends like WhatsApp's 463. */
    private volatile SendingLimits limits = SendingLimits.NONE;
    /** Lifts the timelock at its end, as WhatsApp does. */
    private ScheduledFuture<?> lockTimer;
    /** The liveness watchdog while ready: checks every quarter of {@code WAPI_ENGINE_STALE_MS}. */
    private ScheduledFuture<?> watchdog;
    /** When the last frame came in (the network's answer to a keep-alive, or anything else). */
    private long lastFrameAt;
    /** The network stopped answering without closing the connection ({@link SimulatedPhone#goSilent}). */
    private boolean silent;
    /** The media of the latest incoming messages, oldest first; in memory only, like the bridge's cache. */
    private final Map<String, IncomingMedia> media = new LinkedHashMap<>();
    /** The session's proxy: each connect and reconnect first opens a TCP connection to it. */
    private final Optional<SessionProxy> proxy;
    /** Whether {@code proxy_failed} was reported since the proxy last worked (reported once per outage). */
    private boolean proxyDown;

    SandboxConnection(SessionKey session, EngineListener listener, SandboxEngine engine, Optional<SessionProxy> proxy) {
        this.session = session;
        this.listener = listener;
        this.engine = engine;
        this.proxy = proxy;
        this.groups = new SandboxGroups(session, engine.groups(), engine.clock(), listener);
    }

    SessionKey session() {
        return session;
    }

    String id() {
        return id;
    }

    /** The controls of this session's phone. */
    SimulatedPhone phone() {
        return new SimulatedPhone(this);
    }

    synchronized void start(Optional<byte[]> credentials) {
        Optional<String> linkedPhone = credentials
                .map(c -> new String(c, StandardCharsets.UTF_8))
                .filter(c -> c.startsWith(CREDENTIALS_PREFIX))
                .map(c -> c.substring(CREDENTIALS_PREFIX.length()));
        if (linkedPhone.isPresent()) {
            phoneNumber = linkedPhone.get();
            state = State.RECONNECTING;
            timer = schedule(() -> throughProxy(State.RECONNECTING, this::reconnected), Duration.ZERO);
        } else {
            state = State.QR;
            timer = schedule(() -> throughProxy(State.QR, this::openForQr), Duration.ZERO);
        }
    }

    @Override
    public void send(OutgoingMessage message) {
        requireReadyState();
        long now = now();
        SendingLimits current = limits;
        if (current.timeLockedAt(now)) {
            // WhatsApp's error 463: the number may not start conversations until the lock ends.
            throw EngineException.rateLimited(current.retryAfterSeconds(now));
        }
        if (!SandboxEngine.onWhatsApp(message.jid())) {
            throw new EngineException(
                    ErrorCode.RECIPIENT_NOT_ON_WHATSAPP,
                    "The number " + message.jid().substring(0, message.jid().indexOf('@')) + " is not on WhatsApp");
        }
        deliver(SandboxDeliveries.of(message, engine.clock().millis()));
        // Accepting the message is the network's "sent"; the phone's acks follow. They capture the id
        // only: capturing the message would keep its media bytes alive until the read ack.
        Duration step = engine.config().ackDelay();
        String id = message.id();
        schedule(() -> ack(id, AckStatus.DELIVERED), step);
        schedule(() -> ack(id, AckStatus.READ), step.multipliedBy(2));
    }

    @Override
    public void sendPresence(String jid, PresenceState presence) {
        requireReadyState();
        deliver(SandboxDeliveries.presence(jid, presence, engine.clock().millis()));
    }

    @Override
    public void markRead(String chatJid, List<MessageRef> messages) {
        requireReadyState();
        deliver(SandboxDeliveries.read(chatJid, messages, engine.clock().millis()));
    }

    @Override
    public void edit(String chatJid, MessageRef target, String text) {
        requireReadyState();
        deliver(SandboxDeliveries.edit(chatJid, target, text, engine.clock().millis()));
    }

    @Override
    public void revoke(String chatJid, MessageRef target) {
        requireReadyState();
        deliver(SandboxDeliveries.revoke(chatJid, target, engine.clock().millis()));
    }

    // deleteForMe stays unsupported: the simulated device keeps no chat history of its own to delete from.

    /** A made-up code shaped like WhatsApp's; the sandbox still links by a simulated {@link SimulatedPhone#scan}. */
    @Override
    public synchronized String requestPairingCode(String phoneNumber) {
        if (state == State.READY || state == State.RECONNECTING) {
            throw new EngineException(ErrorCode.SESSION_ALREADY_LINKED, "The session is already linked to a phone");
        }
        if (state != State.QR) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not waiting to be linked");
        }
        if (!linkTaken) {
            throw new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not in touch with WhatsApp yet");
        }
        requireLink();
        return SandboxIds.pairingCode();
    }

    @Override
    public synchronized Optional<IncomingMedia> downloadMedia(String messageId) {
        requireReady();
        return Optional.ofNullable(media.get(messageId));
    }

    // ---- Groups and contacts: the simulated network keeps each session's groups in its tables ----

    @Override
    public synchronized List<GroupInfo> groups() {
        requireReady();
        return groups.all(me());
    }

    @Override
    public synchronized GroupInfo createGroup(String subject, List<String> participantJids) {
        requireReady();
        return groups.create(me(), subject, participantJids);
    }

    @Override
    public synchronized Optional<GroupInfo> group(String groupJid) {
        requireReady();
        return groups.find(me(), groupJid);
    }

    @Override
    public synchronized List<ParticipantResult> updateParticipants(
            String groupJid, ParticipantAction action, List<String> jids) {
        requireReady();
        return groups.updateParticipants(me(), groupJid, action, jids);
    }

    @Override
    public synchronized void updateGroup(String groupJid, String subject, String description) {
        requireReady();
        groups.update(me(), groupJid, subject, description);
    }

    @Override
    public synchronized void leaveGroup(String groupJid) {
        requireReady();
        groups.leave(me(), groupJid);
    }

    @Override
    public synchronized String groupInviteCode(String groupJid) {
        requireReady();
        return groups.inviteCode(me(), groupJid);
    }

    /** As for sends: numbers starting with 999 are not on WhatsApp. */
    @Override
    public List<NumberCheck> checkNumbers(List<String> jids) {
        requireReady();
        return jids.stream()
                .map(jid -> new NumberCheck(jid, SandboxEngine.onWhatsApp(jid)))
                .toList();
    }

    @Override
    public synchronized void close() {
        shutDown();
    }

    @Override
    public synchronized void logout() {
        shutDown();
    }

    // ---- What the simulated phone changes; callers hold this object's lock ----

    State state() {
        return state;
    }

    void requireState(State expected, String message) {
        if (state != expected) {
            throw new IllegalStateException(message);
        }
    }

    EngineListener listener() {
        return listener;
    }

    SandboxGroups groupRules() {
        return groups;
    }

    long now() {
        return engine.clock().millis();
    }

    /** The session's own JID. */
    String me() {
        return phoneNumber + "@s.whatsapp.net";
    }

    /** The phone scanned the QR code: authenticated, credentials, ready. */
    void linked(String phone) {
        cancelTimer();
        phoneNumber = phone;
        listener.onAuthenticated();
        listener.onCredentials((CREDENTIALS_PREFIX + phone).getBytes(StandardCharsets.UTF_8));
        becomeReady();
    }

    /**
     * WhatsApp changes what the number may send: reported to the listener; a timelock with an end is lifted at
     * that end (reported again).
     */
    void limits(SendingLimits newLimits) {
        if (lockTimer != null) {
            lockTimer.cancel(false);
            lockTimer = null;
        }
        limits = newLimits;
        listener.onLimits(newLimits);
        if (newLimits.reachOut() == SendingLimits.ReachOut.TIME_LOCKED && newLimits.reachOutUntil() != null) {
            lockTimer = schedule(
                    () -> liftLock(newLimits), Duration.ofMillis(Math.max(0, newLimits.reachOutUntil() - now())));
        }
    }

    private synchronized void liftLock(SendingLimits lock) {
        if (limits == lock && state != State.CLOSED) {
            lockTimer = null;
            limits = lock.withReachOut(SendingLimits.ReachOut.OK, null);
            listener.onLimits(limits);
        }
    }

    SendingLimits currentLimits() {
        return limits;
    }

    /** The network keeps the connection open but nothing arrives on it any more. */
    void goSilent() {
        silent = true;
    }

    /** Keeps an incoming message's media for download, dropping the oldest beyond {@link #MEDIA_KEPT}. */
    void keepMedia(String messageId, IncomingMedia attachment) {
        media.put(messageId, attachment);
        if (media.size() > MEDIA_KEPT) {
            media.remove(media.keySet().iterator().next());
        }
    }

    /**
     * A newer connection for the same session took the link: the network closes this one for good
     * ({@code replaced}; a WhatsApp client does not reconnect by itself after that) and refuses anything it
     * still tries. The listener hears of it on the network's thread.
     */
    void replaced() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            replaced = true;
            shutDown();
        }
        engine.unlink(this);
        schedule(this::reportReplaced, Duration.ZERO);
    }

    /** The network dropped: reconnecting, and back by itself after the configured delay. */
    void lost() {
        reconnectAfter(DisconnectReason.CONNECTION_LOST);
    }

    private void reconnectAfter(DisconnectReason reason) {
        stopWatchdog();
        state = State.RECONNECTING;
        listener.onDisconnected(reason);
        timer = schedule(
                () -> throughProxy(State.RECONNECTING, this::reconnected),
                engine.config().reconnectDelay());
    }

    /**
     * Reaches the network through the session's proxy, if it has one, then takes {@code step}: a TCP connection to
     * the proxy within {@link SandboxEngine#PROXY_CONNECT_TIMEOUT}, made without this object's lock. When it fails,
     * {@code proxy_failed} (once per outage) and another try after the reconnect delay.
     */
    private void throughProxy(State expected, Runnable step) {
        Optional<String> failure = proxy.flatMap(this::proxyFailure);
        synchronized (this) {
            if (state != expected) {
                return;
            }
            if (failure.isPresent()) {
                if (!proxyDown) {
                    proxyDown = true;
                    LOG.info(() -> "Sandbox connection of " + session + " cannot reach its proxy " + proxy.get() + ": "
                            + failure.get() + "; trying again every "
                            + engine.config().reconnectDelay().toMillis() + " ms");
                    listener.onDisconnected(DisconnectReason.PROXY_FAILED);
                }
                timer = schedule(
                        () -> throughProxy(expected, step), engine.config().reconnectDelay());
                return;
            }
            proxyDown = false;
        }
        step.run();
    }

    /** Why a TCP connection to the proxy failed, or empty when it opened (and was closed again at once). */
    private Optional<String> proxyFailure(SessionProxy p) {
        InetAddress address;
        try {
            address = InetAddress.getByName(p.host());
        } catch (IOException e) {
            return Optional.of("its host does not resolve");
        }
        Optional<String> refusal = engine.proxyGuard().refusal(address);
        if (refusal.isPresent()) {
            return Optional.of("its host resolves to " + address.getHostAddress() + ", " + refusal.get());
        }
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(address, p.port()), (int) SandboxEngine.PROXY_CONNECT_TIMEOUT.toMillis());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    void shutDown() {
        state = State.CLOSED;
        media.clear();
        cancelTimer();
        stopWatchdog();
        if (lockTimer != null) {
            lockTimer.cancel(false);
            lockTimer = null;
        }
        engine.forget(this);
    }

    /** Ready, with a fresh connection: frames flow again and the watchdog starts. */
    private void becomeReady() {
        state = State.READY;
        silent = false;
        lastFrameAt = now();
        stopWatchdog();
        long every = Math.max(1, engine.config().staleAfter().toMillis() / 4);
        watchdog = engine.scheduler().scheduleWithFixedDelay(this::checkAlive, every, every, TimeUnit.MILLISECONDS);
        listener.onReady(phoneNumber);
    }

    /**
     * The watchdog's tick, like a client's keep-alive: the network answers it (a frame) unless it went silent; with
     * no frame for {@code WAPI_ENGINE_STALE_MS} the connection is dead although nothing closed it, so it is dropped
     * and reconnected ({@code stale}).
     */
    private synchronized void checkAlive() {
        if (state != State.READY) {
            return;
        }
        long now = now();
        if (!silent) {
            lastFrameAt = now;
        } else if (now - lastFrameAt >= engine.config().staleAfter().toMillis()) {
            LOG.info(() -> "Sandbox connection of " + session + " received nothing for "
                    + engine.config().staleAfter().toMillis() + " ms (WAPI_ENGINE_STALE_MS): reconnecting");
            reconnectAfter(DisconnectReason.STALE);
        }
    }

    private void stopWatchdog() {
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
    }

    /** Ready here, and still holding the link on the network (one read). */
    private void requireReady() {
        requireReadyState();
        requireLink();
    }

    private void requireReadyState() {
        if (state != State.READY) {
            throw replaced
                    ? replacedError()
                    : new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
        }
    }

    private void requireLink() {
        if (!engine.holdsLink(this)) {
            throw replacedNow();
        }
    }

    /** Records what the network received, unless another connection holds the link by now. */
    private void deliver(SandboxDeliveryRepository.Delivery delivery) {
        if (!engine.deliveries().insertIfLinked(session, id, delivery)) {
            throw replacedNow();
        }
    }

    /** Found out on an action rather than by the tick: closed at once, the caller refused. */
    private EngineException replacedNow() {
        replaced();
        return replacedError();
    }

    private static EngineException replacedError() {
        return new EngineException(
                ErrorCode.SESSION_NOT_READY,
                "This connection was replaced: another connection for the same session opened since"
                        + " (WhatsApp keeps one connection per linked device)");
    }

    private synchronized void reportReplaced() {
        listener.onDisconnected(DisconnectReason.REPLACED);
    }

    /** Takes the session's link on the network; false (retried by the caller after a pause) when the write failed. */
    private boolean takeLink() {
        try {
            engine.link(this);
            linkTaken = true;
            return true;
        } catch (RuntimeException e) {
            if (!linkFailureLogged) {
                linkFailureLogged = true;
                LOG.log(
                        Level.WARNING,
                        "Sandbox connection of " + session + " could not take its link; retrying every "
                                + engine.config().reconnectDelay().toMillis() + " ms: " + e);
            }
            return false;
        }
    }

    private synchronized void openForQr() {
        if (state != State.QR) {
            return;
        }
        if (!takeLink()) {
            timer = schedule(this::openForQr, engine.config().reconnectDelay());
            return;
        }
        nextQr();
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
        listener.onQr(SandboxIds.qrCode());
        timer = schedule(this::nextQr, engine.config().qrInterval());
    }

    /** Back on the network (restored or after a drop): takes the link again, then ready. */
    private synchronized void reconnected() {
        if (state != State.RECONNECTING) {
            return;
        }
        if (!takeLink()) {
            timer = schedule(this::reconnected, engine.config().reconnectDelay());
            return;
        }
        becomeReady();
    }

    private synchronized void ack(String messageId, AckStatus status) {
        listener.onAck(messageId, status);
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
}
