package cloud.wapiconnect.session;

import cloud.wapiconnect.cluster.ClusterNode;
import cloud.wapiconnect.cluster.LocalSessions;
import cloud.wapiconnect.cluster.Owner;
import cloud.wapiconnect.cluster.SessionOwnership;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Session lifecycle: create, status, list, disconnect, delete, and restoring linked sessions at
 * start-up. Engine calls (network I/O) happen here, outside any transaction; the stored side of each
 * step is a transaction in {@link SessionStore}.
 *
 * <p>Cluster mode ("any node answers"): a session's live connection runs on one node, its owner. This class
 * is where a request that needs the connection learns where it is ({@link #locate}): here, or elsewhere, in
 * which case the live state and the connection it works with are the owner's, reached in one hop through
 * {@link PeerSessions}. Everything else a request does (validation, the message log, usage, idempotency)
 * runs on the node the client reached, against the shared database, so the answer is built by the same code
 * and facade as on the owner. The owner's side of those calls is {@link #liveHere} and its siblings.
 */
@ApplicationScoped
public class SessionService {
    private static final Logger LOG = Logger.getLogger(SessionService.class.getName());
    /** How long a call waits for a moving session's new owner before answering {@code SESSION_MOVING}. */
    static final Duration MOVE_WAIT = Duration.ofSeconds(2);

    private static final Duration MOVE_POLL = Duration.ofMillis(100);
    private static final java.util.regex.Pattern PAIRING_PHONE = java.util.regex.Pattern.compile("^[1-9][0-9]{7,14}$");

    /** How long a ready answer from another node's session stands for the next sends ({@link #findReady}). */
    static final Duration REMOTE_READY_TTL = Duration.ofMillis(500);

    /** A session another node runs was ready there at the lease generation, until {@code until} (nanoTime). */
    private record RemoteReady(long generation, LiveState state, long until) {}

    /** Bounded by the sessions in the database: an entry is replaced, or removed once not ready. */
    private final Map<SessionKey, RemoteReady> remoteReady = new ConcurrentHashMap<>();

    private final SessionStore store;
    private final SessionRepository sessions;
    private final SessionRegistry registry;
    private final InboundSink inbound;
    private final WhatsAppEngine engine;
    private final SessionOwnership ownership;
    private final PeerSessions peers;
    private final Clock clock;
    private final ClusterNode node;
    private final ProxyCheck proxyCheck;

    @Inject
    public SessionService(
            SessionStore store,
            SessionRepository sessions,
            SessionRegistry registry,
            InboundSink inbound,
            WhatsAppEngine engine,
            SessionOwnership ownership,
            PeerSessions peers,
            Clock clock,
            ClusterNode node,
            ProxyCheck proxyCheck) {
        this.store = store;
        this.sessions = sessions;
        this.registry = registry;
        this.inbound = inbound;
        this.engine = engine;
        this.ownership = ownership;
        this.peers = peers;
        this.clock = clock;
        this.node = node;
        this.proxyCheck = proxyCheck;
    }

    /**
     * Creates a session and starts linking it; an existing session is reconnected if it is disconnected.
     *
     * @throws WapiException {@code INVALID_SESSION_ID}, {@code SESSION_LIMIT_REACHED}
     */
    public CreatedSession create(Tenant tenant, String sessionId, String name) {
        return create(tenant, sessionId, name, null);
    }

    /**
     * {@link #create(Tenant, String, String)} with the proxy the session's connection goes through ({@code null}:
     * an existing session keeps its own). A session that is running already keeps its connection: {@link
     * #changeProxy} reconnects it.
     *
     * @throws WapiException {@code INVALID_SESSION_ID}, {@code INVALID_PROXY}, {@code PROXY_FORBIDDEN},
     *                       {@code SESSION_LIMIT_REACHED}
     */
    public CreatedSession create(Tenant tenant, String sessionId, String name, String proxy) {
        SessionKey key = new SessionKey(tenant.id(), SessionIds.require(sessionId));
        if (name != null && name.length() > 200) {
            throw WapiException.invalid("name must be at most 200 characters");
        }
        // Resolved and judged before the transaction: a DNS lookup is network I/O.
        Optional<SessionProxy> checked = Optional.ofNullable(proxy).map(proxyCheck::require);
        boolean isNew = store.createOrReuse(tenant, key, name, checked, clock.millis());
        Optional<LiveSession> running = registry.find(key).filter(l -> l.status() != SessionStatus.DISCONNECTED);
        // Placed on the least-loaded live node; when that is another one, it connects at its next tick.
        node.place(key).ifPresent(generation -> connect(key, generation));
        // A session this call (re)started is reported as initializing, as the API document shows it.
        return new CreatedSession(
                key.sessionId(),
                isNew,
                running.map(LiveSession::status).orElse(SessionStatus.INITIALIZING),
                sessions.find(key).map(Session::proxy).orElse(null));
    }

    /**
     * Sets the proxy the session's WhatsApp connection and media go through, or removes it ({@code null}). A session
     * that runs, or tries to (reconnecting, or waiting for its proxy), reconnects through the new one at once; one
     * that is offline uses it when it is next created.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_PROXY}, {@code PROXY_FORBIDDEN},
     *                       {@code SESSION_MOVING}
     */
    public SessionView changeProxy(Tenant tenant, String sessionId, String proxy) {
        Session stored = require(tenant, sessionId);
        SessionKey key = key(stored);
        SessionProxy checked = proxy == null ? null : proxyCheck.require(proxy);
        if (!store.proxy(key, checked)) {
            throw notFound(sessionId);
        }
        switch (locate(key)) {
            case Owner.Here here -> {
                boolean running = stored.wantedOnline()
                        || registry.find(key)
                                .filter(l -> l.status() != SessionStatus.DISCONNECTED)
                                .isPresent();
                if (running) {
                    // The old connection is forgotten before it closes: it reports nothing more.
                    registry.remove(key).map(LiveSession::connection).ifPresent(EngineConnection::close);
                    connect(key, here.generation());
                }
            }
            case Owner.Elsewhere owner -> {
                if (stored.wantedOnline()) {
                    // The owner closes it and lets the session go; it is placed again like a new create.
                    peers.disconnect(owner, key);
                    create(tenant, sessionId, null, null);
                }
            }
            default -> {
                // Nobody runs it: whoever starts it next reads the new proxy.
            }
        }
        return view(require(tenant, sessionId), false);
    }

    /** @throws WapiException {@code SESSION_NOT_FOUND} */
    public SessionView status(Tenant tenant, String sessionId) {
        Session stored = require(tenant, sessionId);
        return view(stored, true);
    }

    /** Every session of the tenant, as {@link #listed}: never a failure because one node is unreachable. */
    public List<SessionView> list(Tenant tenant) {
        return sessions.list(tenant.id()).stream().map(this::listed).toList();
    }

    /**
     * Closes the connection but keeps the link: the next create reconnects without a QR.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}
     */
    public SessionView disconnect(Tenant tenant, String sessionId) {
        Session stored = require(tenant, sessionId);
        SessionKey key = key(stored);
        if (locate(key) instanceof Owner.Elsewhere owner) {
            peers.disconnect(owner, key);
        } else {
            disconnectLocally(key, stored.wantedOnline());
        }
        return view(require(tenant, sessionId), false);
    }

    private void disconnectLocally(SessionKey key, boolean wantedOnline) {
        Optional<LiveSession> live = registry.remove(key);
        live.map(LiveSession::connection).ifPresent(EngineConnection::close);
        if (live.isPresent() || wantedOnline) {
            store.disconnected(key, DisconnectReason.CLOSED);
        }
    }

    /**
     * Logs the device out and forgets the session and its credentials; its message log stays.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}
     */
    public void delete(Tenant tenant, String sessionId) {
        SessionKey key = key(require(tenant, sessionId));
        if (locate(key) instanceof Owner.Elsewhere owner) {
            peers.logout(owner, key);
        } else {
            logoutLocally(key);
        }
        store.delete(key);
        node.release(key);
    }

    private void logoutLocally(SessionKey key) {
        Optional<LiveSession> live = registry.remove(key);
        live.map(LiveSession::connection).ifPresent(connection -> {
            try {
                connection.logout();
            } catch (RuntimeException e) {
                // The session is forgotten either way; the phone shows the device until it next syncs.
                LOG.log(Level.WARNING, "Logout of " + key + " failed", e);
            }
        });
        if (live.isPresent()) {
            store.disconnected(key, DisconnectReason.LOGGED_OUT);
        }
    }

    /**
     * A code to type on the phone instead of scanning the QR code, for a session waiting to be linked.
     * The engine call (network I/O) runs outside any transaction, within the engine's deadline.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code INVALID_REQUEST} (not a phone number),
     *                       {@code SESSION_ALREADY_LINKED}, {@code SESSION_NOT_READY} (not waiting to be linked),
     *                       {@code ENGINE_UNAVAILABLE}
     */
    public String requestPairingCode(Tenant tenant, String sessionId, String phoneNumber) {
        Session stored = require(tenant, sessionId);
        String digits = phoneNumber == null ? "" : phoneNumber.strip().replaceFirst("^\\+", "");
        if (!PAIRING_PHONE.matcher(digits).matches()) {
            throw WapiException.invalid("phoneNumber must be 8 to 15 digits with the country code");
        }
        Optional<LiveSession> live = findLive(key(stored));
        SessionStatus status = live.map(LiveSession::status).orElse(SessionStatus.DISCONNECTED);
        if (status == SessionStatus.READY || status == SessionStatus.AUTHENTICATED) {
            throw new WapiException(
                    ErrorCode.SESSION_ALREADY_LINKED, "Session '" + sessionId + "' is already linked to a phone");
        }
        if (status == SessionStatus.DISCONNECTED || live.get().connection() == null) {
            throw new WapiException(
                    ErrorCode.SESSION_NOT_READY,
                    "Session '" + sessionId + "' is not waiting to be linked (status: " + status.wireName()
                            + "); create it again first");
        }
        return live.get().connection().requestPairingCode(digits);
    }

    /**
     * The live session, if it can send right now.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}
     */
    public LiveSession requireReady(Tenant tenant, String sessionId) {
        SessionKey key = new SessionKey(tenant.id(), sessionId);
        Optional<LiveSession> live = findReady(key);
        if (live.isPresent() && live.get().status() == SessionStatus.READY) {
            return live.get();
        }
        Session stored = require(tenant, sessionId);
        SessionStatus status = live.map(LiveSession::status).orElse(stored.status());
        throw new WapiException(
                ErrorCode.SESSION_NOT_READY,
                "Session '" + sessionId + "' is not ready (status: " + status.wireName() + ")");
    }

    /** Whether the session can send now, later, or not until its owner acts; used by work that waits for it. */
    public Availability availability(Tenant tenant, String sessionId) {
        SessionKey key = new SessionKey(tenant.id(), sessionId);
        Optional<LiveSession> live = registry.find(key);
        if (live.isPresent() && live.get().status() == SessionStatus.READY) {
            return live.get().limits().timeLockedAt(clock.millis()) ? Availability.WHATSAPP_LIMIT : Availability.READY;
        }
        Optional<Session> stored = sessions.find(key);
        if (stored.isEmpty()) {
            return Availability.GONE;
        }
        boolean unlinked = DisconnectReason.fromWire(stored.get().disconnectReason())
                .map(DisconnectReason::unlinks)
                .orElse(false);
        return unlinked && !stored.get().linked() ? Availability.LOGGED_OUT : Availability.WAITING;
    }

    /**
     * The stored session of a tenant.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}
     */
    public Session require(Tenant tenant, String sessionId) {
        if (sessionId == null || sessionId.length() > 64) {
            throw notFound(sessionId);
        }
        return sessions.find(new SessionKey(tenant.id(), sessionId)).orElseThrow(() -> notFound(sessionId));
    }

    /**
     * Joins the cluster: the sessions that were online and that no live node runs are placed on the
     * least-loaded live nodes (all of them here when this node is alone), which reconnect them from their
     * stored credentials. A session that was waiting for a QR scan on a node that stopped is interrupted.
     *
     * @return how many sessions this node connects now
     */
    public int restoreAll(String version) {
        Set<SessionKey> orphans = node.orphans();
        for (Session session : sessions.wantedOnline()) {
            SessionKey key = key(session);
            if (!session.linked() && orphans.contains(key)) {
                // It was waiting for a QR scan: that QR is gone, so the client has to start again.
                store.interrupted(key, clock.millis());
            }
        }
        node.start(hosting, version);
        return registry.size();
    }

    /** What the cluster's lease keeper starts and stops on this node. */
    private final LocalSessions hosting = new LocalSessions() {
        @Override
        public boolean start(SessionKey key, long generation) {
            Optional<Session> stored = sessions.find(key);
            if (stored.isEmpty() || !stored.get().wantedOnline()) {
                return false;
            }
            connect(key, generation);
            return true;
        }

        @Override
        public void stop(SessionKey key) {
            registry.remove(key).map(LiveSession::connection).ifPresent(EngineConnection::close);
        }

        @Override
        public Set<SessionKey> running() {
            return registry.all().stream().map(LiveSession::key).collect(Collectors.toUnmodifiableSet());
        }
    };

    /**
     * SIGTERM: this node's sessions go to the other nodes at once (their connections here close first). A
     * node alone keeps them until it stops, as a single server always did: there is nobody to hand them to.
     *
     * @return whether it drained
     */
    public boolean drain() {
        if (node.aloneInCluster()) {
            return false;
        }
        node.drain();
        return true;
    }

    /** Whether other live nodes share the database (a drain hands the sessions to them). */
    public boolean clustered() {
        return !node.aloneInCluster();
    }

    /**
     * Closes every live connection, keeping links, when the server stops; the node leaves the cluster first
     * (its leases are released, for the other nodes to take over).
     */
    public void closeAll() {
        node.stop();
        for (LiveSession live : List.copyOf(registry.all())) {
            registry.remove(live);
            EngineConnection connection = live.connection();
            if (connection != null) {
                connection.close();
            }
        }
    }

    private LiveSession connect(SessionKey key, long generation) {
        return registry.startIfIdle(key, generation, live -> {
            // What WhatsApp said last survives restarts and moves: sends stay refused until its timelock ends.
            sessions.find(key).map(Session::limits).ifPresent(live::limits);
            return engine.connect(
                    key,
                    sessions.credentials(key),
                    sessions.proxy(key),
                    new SessionListener(live, registry, store, inbound, node));
        });
    }

    private SessionView view(Session stored, boolean withQrImage) {
        return view(stored, findLive(key(stored)), withQrImage);
    }

    /**
     * A session as a listing shows it: live where its connection answers now, else as stored. A listing never
     * waits for a session that moves, and one unreachable node does not fail it: its sessions show their stored
     * status until another node takes them over.
     */
    private SessionView listed(Session stored) {
        SessionKey key = key(stored);
        if (ownership.ownerOf(key) instanceof Owner.Elsewhere owner) {
            Optional<LiveSession> live;
            try {
                live = peers.state(owner, key)
                        .map(state -> LiveSession.remote(
                                key, owner.nodeId(), owner.generation(), state, peers.connection(owner, key)));
            } catch (WapiException unreachable) {
                live = Optional.empty();
            }
            return view(stored, live, false);
        }
        return view(stored, registry.find(key), false);
    }

    private SessionView view(Session stored, Optional<LiveSession> live, boolean withQrImage) {
        if (live.isEmpty()) {
            SessionStatus status = stored.status() == SessionStatus.DISCONNECTED || !stored.wantedOnline()
                    ? SessionStatus.DISCONNECTED
                    : stored.status();
            return new SessionView(
                    stored.sessionId(),
                    stored.name(),
                    status,
                    stored.phoneNumber(),
                    null,
                    null,
                    status == SessionStatus.DISCONNECTED ? stored.disconnectReason() : null,
                    stored.limits().at(clock.millis()),
                    stored.proxy());
        }
        LiveSession l = live.get();
        String phone = l.phoneNumber() != null ? l.phoneNumber() : stored.phoneNumber();
        QrImage qr = l.qr();
        return new SessionView(
                stored.sessionId(),
                stored.name(),
                l.status(),
                phone,
                qr == null ? null : qr.text(),
                withQrImage ? qr : null,
                l.disconnectReason(),
                stored.limits().at(clock.millis()),
                stored.proxy());
    }

    // ---- Cluster mode: where the live connection is, and the owner's side of calls from other nodes ----

    /**
     * Where the session's live connection runs: the one decision point of "any node answers". While the
     * session moves between nodes it waits up to {@link #MOVE_WAIT} for the new owner.
     *
     * @return {@link Owner.Here}, {@link Owner.Elsewhere} or {@link Owner.Nobody}, never {@link Owner.Moving}
     * @throws WapiException {@code SESSION_MOVING} (details: {@code retryAfterSeconds}) when the move takes longer
     */
    public Owner locate(SessionKey key) {
        long deadline = System.nanoTime() + MOVE_WAIT.toNanos();
        Owner owner = ownership.ownerOf(key);
        while (owner instanceof Owner.Moving moving) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw moving.toException();
            }
            try {
                Thread.sleep(Duration.ofNanos(Math.min(left, MOVE_POLL.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw moving.toException();
            }
            owner = ownership.ownerOf(key);
        }
        return owner;
    }

    /**
     * Like {@link #findLive}, for a call about to use the connection: a session another node runs and that was
     * ready there within {@link #REMOTE_READY_TTL} is taken as still ready, so that a burst of sends forwarded
     * to one owner costs one call each, not two. A session that stopped being ready meanwhile fails the send on
     * the owner, as it would have if it stopped just after the check there.
     */
    private Optional<LiveSession> findReady(SessionKey key) {
        if (!(locate(key) instanceof Owner.Elsewhere owner)) {
            return registry.find(key);
        }
        RemoteReady seen = remoteReady.get(key);
        LiveState state;
        if (seen != null && seen.generation() == owner.generation() && System.nanoTime() - seen.until() < 0) {
            state = seen.state();
        } else {
            Optional<LiveState> asked = peers.state(owner, key);
            if (asked.isEmpty() || asked.get().status() != SessionStatus.READY) {
                remoteReady.remove(key);
                return asked.map(st ->
                        LiveSession.remote(key, owner.nodeId(), owner.generation(), st, peers.connection(owner, key)));
            }
            state = asked.get();
            remoteReady.put(
                    key, new RemoteReady(owner.generation(), state, System.nanoTime() + REMOTE_READY_TTL.toNanos()));
        }
        return Optional.of(
                LiveSession.remote(key, owner.nodeId(), owner.generation(), state, peers.connection(owner, key)));
    }

    /** The session's live state wherever it runs: this node's, or a snapshot of its owner's. */
    private Optional<LiveSession> findLive(SessionKey key) {
        if (locate(key) instanceof Owner.Elsewhere owner) {
            return peers.state(owner, key)
                    .map(state -> LiveSession.remote(
                            key, owner.nodeId(), owner.generation(), state, peers.connection(owner, key)));
        }
        return registry.find(key);
    }

    /**
     * Owner side of {@link PeerSessions}: the session's live session on this node, for a call another node
     * forwarded. Never forwards again (one hop): a node that is not the owner at the generation the caller saw
     * refuses.
     *
     * @throws WapiException {@code SESSION_MOVING} when this node does not hold the session's lease at
     *                       {@code generation} (any more)
     */
    public Optional<LiveSession> liveHere(SessionKey key, long generation) {
        requireHere(key, generation);
        return registry.find(key);
    }

    /** Owner side of {@link PeerSessions#disconnect}. @throws WapiException {@code SESSION_MOVING} */
    public void disconnectHere(SessionKey key, long generation) {
        requireHere(key, generation);
        disconnectLocally(key, sessions.find(key).map(Session::wantedOnline).orElse(false));
        node.release(key);
    }

    /** Owner side of {@link PeerSessions#logout}. @throws WapiException {@code SESSION_MOVING} */
    public void logoutHere(SessionKey key, long generation) {
        requireHere(key, generation);
        logoutLocally(key);
        node.release(key);
    }

    /**
     * A session just placed on this node by another one (a create there) is taken up at this node's next lease
     * tick, within a second: a call forwarded here meanwhile waits for it like {@link #locate} does, instead of
     * answering the caller {@code SESSION_MOVING} for a session that is not moving at all.
     *
     * @throws WapiException {@code SESSION_MOVING} unless this node holds the session at {@code generation}
     */
    public void requireHere(SessionKey key, long generation) {
        Owner owner = locate(key);
        if (!(owner instanceof Owner.Here here) || here.generation() != generation) {
            throw new Owner.Moving(MOVE_POLL).toException();
        }
    }

    private static SessionKey key(Session session) {
        return new SessionKey(session.tenantId(), session.sessionId());
    }

    private static WapiException notFound(String sessionId) {
        return new WapiException(ErrorCode.SESSION_NOT_FOUND, "Session '" + sessionId + "' not found");
    }
}
