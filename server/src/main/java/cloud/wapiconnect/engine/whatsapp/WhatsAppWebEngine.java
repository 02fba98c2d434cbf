package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.bridge.v1.AuthEntry;
import cloud.wapiconnect.bridge.v1.AuthKey;
import cloud.wapiconnect.bridge.v1.AuthRead;
import cloud.wapiconnect.bridge.v1.AuthReadResult;
import cloud.wapiconnect.bridge.v1.AuthWrite;
import cloud.wapiconnect.bridge.v1.AuthWriteResult;
import cloud.wapiconnect.bridge.v1.BridgeGrpc;
import cloud.wapiconnect.bridge.v1.BridgeToServer;
import cloud.wapiconnect.bridge.v1.PingResponse;
import cloud.wapiconnect.bridge.v1.ServerToBridge;
import cloud.wapiconnect.bridge.v1.SessionEvent;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.engine.whatsapp.AuthStateRepository.Key;
import cloud.wapiconnect.resilience.Resilience;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import com.google.protobuf.ByteString;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WhatsApp Web multi-device through the Baileys bridge: one supervised Node.js process hosts every
 * session of this node. Sessions' events and auth-state requests arrive on the bridge's Link stream and
 * are handled in order per session ({@link SerialLane}); a bridge that dies takes its sessions down as
 * {@code connection_lost}, and the next bridge starts them again from their stored auth state.
 */
@ApplicationScoped
@Typed(WhatsAppWebEngine.class)
public class WhatsAppWebEngine implements WhatsAppEngine, BridgeProcess.Events {
    private static final Logger LOG = Logger.getLogger(WhatsAppWebEngine.class.getName());
    /** Link messages being handled at once; one more blocks the stream, which slows the bridge down. */
    private static final int IN_FLIGHT = 256;

    private final ConcurrentMap<SessionKey, WhatsAppWebConnection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<SessionKey, SerialLane> lanes = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bridge-housekeeping").factory());
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AuthStateStore auth;
    private final WapiConfig.BridgeConfig config;
    private final BridgeProcess bridge;

    @Inject
    public WhatsAppWebEngine(WapiConfig config, AuthStateStore auth, Resilience resilience) {
        this.config = config.bridge();
        this.auth = auth;
        this.bridge = new BridgeProcess(config.bridge(), resilience.bridgeRestart(), config.dataDir(), this);
    }

    @Override
    public String name() {
        return "whatsapp";
    }

    @Override
    public void start() {
        bridge.start();
        housekeeping.scheduleWithFixedDelay(this::pruneMessageRefs, 1, 60, TimeUnit.MINUTES);
    }

    private void pruneMessageRefs() {
        try {
            int pruned = auth.pruneMessageRefs(config.mediaRetention());
            if (pruned > 0) {
                LOG.info(() -> "Forgot " + pruned + " media and poll refs older than "
                        + config.mediaRetention().toDays() + " days");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Old media refs could not be pruned; trying again in an hour", e);
        }
    }

    @Override
    public EngineConnection connect(SessionKey session, Optional<byte[]> credentials, EngineListener listener) {
        return connect(session, credentials, Optional.empty(), listener);
    }

    /** The bridge connects the session's socket and its media through the proxy (Baileys' agent and fetchAgent). */
    @Override
    public EngineConnection connect(
            SessionKey session, Optional<byte[]> credentials, Optional<SessionProxy> proxy, EngineListener listener) {
        if (credentials.isEmpty()) {
            auth.clear(session); // a new link: keys of an earlier one must not leak into it
        }
        WhatsAppWebConnection connection =
                new WhatsAppWebConnection(session, listener, this, lane(session), proxy.orElse(null));
        WhatsAppWebConnection previous = connections.put(session, connection);
        if (previous != null) {
            previous.replaced();
        }
        connection.startOnBridge();
        return connection;
    }

    // ---- BridgeProcess.Events ----

    @Override
    public void bridgeUp(BridgeGrpc.BridgeBlockingStub stub) {
        for (WhatsAppWebConnection connection : connections.values()) {
            connection.lane().execute(connection::startOnBridge);
        }
    }

    @Override
    public void bridgeDown(String why) {
        for (WhatsAppWebConnection connection : connections.values()) {
            connection.lane().execute(() -> connection.bridgeLost(why));
        }
    }

    @Override
    public void received(BridgeToServer message) {
        SessionKey session = switch (message.getKindCase()) {
            case EVENT -> BridgeMapper.key(message.getEvent().getSession());
            case AUTH_READ -> BridgeMapper.key(message.getAuthRead().getSession());
            case AUTH_WRITE -> BridgeMapper.key(message.getAuthWrite().getSession());
            case KIND_NOT_SET -> null;
        };
        if (session == null) {
            return;
        }
        inFlight.acquireUninterruptibly();
        lane(session).execute(() -> {
            try {
                handle(session, message);
            } finally {
                inFlight.release();
            }
        });
    }

    private void handle(SessionKey session, BridgeToServer message) {
        switch (message.getKindCase()) {
            case EVENT -> {
                SessionEvent event = message.getEvent();
                WhatsAppWebConnection connection = connections.get(session);
                if (connection != null) {
                    connection.onEvent(event);
                }
            }
            case AUTH_READ ->
                bridge.reply(ServerToBridge.newBuilder()
                        .setAuthReadResult(read(session, message.getAuthRead()))
                        .build());
            case AUTH_WRITE ->
                bridge.reply(ServerToBridge.newBuilder()
                        .setAuthWriteResult(write(session, message.getAuthWrite()))
                        .build());
            case KIND_NOT_SET -> {}
        }
    }

    private AuthReadResult read(SessionKey session, AuthRead request) {
        AuthReadResult.Builder result = AuthReadResult.newBuilder().setRequestId(request.getRequestId());
        try {
            List<Key> keys = request.getKeysList().stream()
                    .map(k -> new Key(k.getCategory(), k.getId()))
                    .toList();
            auth.read(session, keys)
                    .forEach((key, value) -> result.addEntries(AuthEntry.newBuilder()
                            .setKey(AuthKey.newBuilder()
                                    .setCategory(key.category())
                                    .setId(key.id()))
                            .setValue(ByteString.copyFrom(value))));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Auth state of " + session + " could not be read", e);
            result.clearEntries().setError(String.valueOf(e.getMessage()));
        }
        return result.build();
    }

    private AuthWriteResult write(SessionKey session, AuthWrite request) {
        AuthWriteResult.Builder result = AuthWriteResult.newBuilder().setRequestId(request.getRequestId());
        try {
            Map<Key, byte[]> put = new LinkedHashMap<>();
            for (AuthEntry entry : request.getPutList()) {
                put.put(
                        new Key(entry.getKey().getCategory(), entry.getKey().getId()),
                        entry.getValue().toByteArray());
            }
            List<Key> delete = new ArrayList<>();
            for (AuthKey key : request.getDeleteList()) {
                delete.add(new Key(key.getCategory(), key.getId()));
            }
            auth.write(session, put, delete);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Auth state of " + session + " could not be written", e);
            result.setError(String.valueOf(e.getMessage()));
        }
        return result.build();
    }

    // ---- for connections ----

    BridgeProcess bridge() {
        return bridge;
    }

    WapiConfig.BridgeConfig config() {
        return config;
    }

    AuthStateStore auth() {
        return auth;
    }

    void forget(WhatsAppWebConnection connection) {
        connections.remove(connection.session(), connection);
    }

    private SerialLane lane(SessionKey session) {
        return lanes.computeIfAbsent(session, k -> new SerialLane(workers));
    }

    // ---- for operators ----

    /** The bridge's process id, while one runs. */
    public Optional<Long> bridgePid() {
        return bridge.pid();
    }

    /** The last health check's answer (sessions on the bridge, memory). */
    public Optional<PingResponse> bridgeStatus() {
        return bridge.lastPing();
    }

    public int bridgeRestarts() {
        return bridge.restarts();
    }

    public Duration bridgeDownFor() {
        return bridge.downFor();
    }

    /**
     * The bridge stops (no more callbacks from WhatsApp), then work under way finishes: housekeeping and
     * callbacks write to the database, which an interrupt would break.
     */
    @Override
    public void stop() {
        housekeeping.shutdown();
        bridge.stop();
        workers.shutdown();
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void shutdown() {
        housekeeping.shutdownNow();
        bridge.stop();
        workers.shutdownNow();
    }
}
