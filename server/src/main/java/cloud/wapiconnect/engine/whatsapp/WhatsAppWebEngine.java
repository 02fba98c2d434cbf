package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.bridge.v1.AuthEntry;
import cloud.wapiconnect.bridge.v1.AuthKey;
import cloud.wapiconnect.bridge.v1.AuthRead;
import cloud.wapiconnect.bridge.v1.AuthReadResult;
import cloud.wapiconnect.bridge.v1.AuthWrite;
import cloud.wapiconnect.bridge.v1.AuthWriteResult;
import cloud.wapiconnect.bridge.v1.BridgeGrpc;
import cloud.wapiconnect.bridge.v1.BridgeToServer;
import cloud.wapiconnect.bridge.v1.ServerToBridge;
import cloud.wapiconnect.bridge.v1.SessionEvent;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.engine.whatsapp.AuthStateRepository.Key;
import cloud.wapiconnect.resilience.Resilience;
import cloud.wapiconnect.whatsapp.SessionKey;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WhatsApp Web multi-device through the Baileys bridge: {@code WAPI_BRIDGE_PROCESSES} supervised Node.js
 * processes share the sessions of this node, each session running on one of them (the least loaded when it
 * connects) until it is closed. Sessions' events and auth-state requests arrive on their bridge's Link stream
 * and are handled in order per session ({@link SerialLane}); a bridge that dies takes its own sessions down as
 * {@code connection_lost}, and its next process starts them again from their stored auth state, while the
 * other processes' sessions carry on untouched.
 */
@ApplicationScoped
@Typed(WhatsAppWebEngine.class)
public class WhatsAppWebEngine implements WhatsAppEngine {
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
    /** The node's bridge processes, by index; fixed at start-up, each restarting on its own. */
    private final List<BridgeProcess> bridges;

    @Inject
    public WhatsAppWebEngine(WapiConfig config, AuthStateStore auth, Resilience resilience) {
        this.config = config.bridge();
        this.auth = auth;
        List<BridgeProcess> bridges = new ArrayList<>();
        for (int i = 0; i < config.bridge().processes(); i++) {
            bridges.add(new BridgeProcess(
                    i, config.bridge(), resilience.bridgeRestart(), config.dataDir(), new ProcessEvents(i)));
        }
        this.bridges = List.copyOf(bridges);
    }

    @Override
    public String name() {
        return "whatsapp";
    }

    /**
     * Starts the bridge processes side by side and waits until each is linked.
     *
     * @throws IllegalStateException naming the setting to fix when a bridge cannot start at all
     */
    @Override
    public void start() {
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        List<Thread> starting = new ArrayList<>();
        for (BridgeProcess bridge : bridges) {
            starting.add(
                    Thread.ofVirtual().name("bridge-start-" + bridge.index()).start(() -> {
                        try {
                            bridge.start();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }));
        }
        for (Thread thread : starting) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the WhatsApp bridges started", e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
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
        if (credentials.isEmpty()) {
            auth.clear(session); // a new link: keys of an earlier one must not leak into it
        }
        WhatsAppWebConnection connection;
        synchronized (connections) {
            // A session already running somewhere stays on that process: starting it on another one as well
            // would put two sockets of one device on WhatsApp.
            WhatsAppWebConnection running = connections.get(session);
            BridgeProcess bridge = running != null ? running.bridge() : leastLoaded();
            connection = new WhatsAppWebConnection(session, listener, this, lane(session), bridge);
            connections.put(session, connection);
            if (running != null) {
                running.replaced();
            }
        }
        connection.startOnBridge();
        return connection;
    }

    /**
     * The process with the fewest of this node's connections (the lowest index among equals), preferring one
     * that is up to one that is restarting.
     */
    private BridgeProcess leastLoaded() {
        int[] load = new int[bridges.size()];
        for (WhatsAppWebConnection c : connections.values()) {
            load[c.bridge().index()]++;
        }
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            boolean up = bridges.get(i).stub().isPresent();
            boolean bestUp = bridges.get(best).stub().isPresent();
            if ((up && !bestUp) || (up == bestUp && load[i] < load[best])) {
                best = i;
            }
        }
        return bridges.get(best);
    }

    /** What one bridge process tells the engine: it concerns that process's sessions only. */
    private final class ProcessEvents implements BridgeProcess.Events {
        private final int index;

        ProcessEvents(int index) {
            this.index = index;
        }

        private BridgeProcess bridge() {
            return bridges.get(index);
        }

        @Override
        public void bridgeUp(BridgeGrpc.BridgeBlockingStub stub) {
            for (WhatsAppWebConnection connection : connectionsOn(bridge())) {
                connection.lane().execute(connection::startOnBridge);
            }
        }

        @Override
        public void bridgeDown(String why) {
            for (WhatsAppWebConnection connection : connectionsOn(bridge())) {
                connection.lane().execute(() -> connection.bridgeLost(why));
            }
        }

        @Override
        public void received(BridgeToServer message) {
            WhatsAppWebEngine.this.received(bridge(), message);
        }
    }

    private List<WhatsAppWebConnection> connectionsOn(BridgeProcess bridge) {
        return connections.values().stream().filter(c -> c.bridge() == bridge).toList();
    }

    private void received(BridgeProcess bridge, BridgeToServer message) {
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
                handle(bridge, session, message);
            } finally {
                inFlight.release();
            }
        });
    }

    private void handle(BridgeProcess bridge, SessionKey session, BridgeToServer message) {
        switch (message.getKindCase()) {
            case EVENT -> {
                SessionEvent event = message.getEvent();
                WhatsAppWebConnection connection = connections.get(session);
                if (connection != null && connection.bridge() == bridge) {
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

    WapiConfig.BridgeConfig config() {
        return config;
    }

    AuthStateStore auth() {
        return auth;
    }

    void forget(WhatsAppWebConnection connection) {
        synchronized (connections) {
            connections.remove(connection.session(), connection);
        }
    }

    private SerialLane lane(SessionKey session) {
        return lanes.computeIfAbsent(session, k -> new SerialLane(workers));
    }

    // ---- for operators ----

    /**
     * One bridge process as an operator sees it.
     *
     * @param index     0 to {@code WAPI_BRIDGE_PROCESSES} - 1
     * @param pid       its process id, while one runs
     * @param lastPing  its last health check's answer, while it is up
     * @param restarts  how often it was restarted since the server started
     * @param downFor   how long it has been unavailable, zero while it is up
     * @param assigned  this node's sessions placed on it (running, or waiting for it to come back)
     */
    public record BridgeStatus(
            int index, Optional<Long> pid, Optional<Ping> lastPing, int restarts, Duration downFor, int assigned) {}

    /**
     * A bridge process's answer to a health check.
     *
     * @param sessions       the sessions it hosts
     * @param rssBytes       its resident memory
     * @param engineVersion  the Baileys version it runs
     */
    public record Ping(int sessions, long rssBytes, String engineVersion) {}

    /** Every bridge process of this node, by index. */
    public List<BridgeStatus> bridges() {
        int[] assigned = new int[bridges.size()];
        for (WhatsAppWebConnection c : connections.values()) {
            assigned[c.bridge().index()]++;
        }
        return bridges.stream()
                .map(b -> new BridgeStatus(
                        b.index(),
                        b.pid(),
                        b.lastPing().map(p -> new Ping(p.getSessions(), p.getRssBytes(), p.getEngineVersion())),
                        b.restarts(),
                        b.downFor(),
                        assigned[b.index()]))
                .toList();
    }

    /**
     * The bridge stops (no more callbacks from WhatsApp), then work under way finishes: housekeeping and
     * callbacks write to the database, which an interrupt would break.
     */
    @Override
    public void stop() {
        housekeeping.shutdown();
        bridges.forEach(BridgeProcess::stop);
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
        bridges.forEach(BridgeProcess::stop);
        workers.shutdownNow();
    }
}
