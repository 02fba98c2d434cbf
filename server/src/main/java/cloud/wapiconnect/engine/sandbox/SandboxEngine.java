package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A simulated WhatsApp network, like a payment provider's test mode: sessions link by a simulated
 * scan, messages are "delivered" into a table, acks and incoming messages are produced on request.
 * All connections share one small scheduler, so a thousand idle sessions cost a thousand small objects.
 */
@ApplicationScoped
@Typed(SandboxEngine.class)
public class SandboxEngine implements WhatsAppEngine {
    /**
     * Scheduled callbacks (acks, QR codes) run on these threads and write to the database. Two threads
     * committed one ack at a time each and fell behind above a few hundred sends a second; eight let
     * the database group their commits, and stay well inside the connection pool.
     */
    private static final int CALLBACK_THREADS = 8;

    private static final String NOT_ON_WHATSAPP_PREFIX = "999";

    private final ConcurrentMap<SessionKey, SandboxConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final WapiConfig.SandboxConfig config;
    private final SandboxDeliveryRepository deliveries;
    private final SandboxGroupRepository groups;
    private final Clock clock;

    @Inject
    public SandboxEngine(
            WapiConfig config, SandboxDeliveryRepository deliveries, SandboxGroupRepository groups, Clock clock) {
        this.config = config.sandbox();
        this.deliveries = deliveries;
        this.groups = groups;
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(
                CALLBACK_THREADS,
                Thread.ofPlatform().name("sandbox-", 0).daemon().factory());
        // Stopping drops acks and QR codes still to come: they would write to a database that is closing.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public EngineConnection connect(SessionKey session, Optional<byte[]> credentials, EngineListener listener) {
        SandboxConnection connection = new SandboxConnection(session, listener, this);
        SandboxConnection previous = connections.put(session, connection);
        if (previous != null) {
            previous.close();
        }
        connection.start(credentials);
        return connection;
    }

    /** The simulated network keeps everything it received, so it can always tell. */
    @Override
    public boolean confirmsSent(SessionKey session, String messageId) {
        return deliveries.contains(session, messageId);
    }

    /** The controls of a session's simulated phone, if the simulated network has a connection for it. */
    public Optional<SimulatedPhone> phone(SessionKey session) {
        return Optional.ofNullable(connections.get(session)).map(SandboxConnection::phone);
    }

    /** The simulated network's one rule about numbers: those starting with 999 are not on WhatsApp. */
    static boolean onWhatsApp(String jid) {
        return !jid.startsWith(NOT_ON_WHATSAPP_PREFIX);
    }

    void forget(SandboxConnection connection) {
        connections.remove(connection.session(), connection);
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    WapiConfig.SandboxConfig config() {
        return config;
    }

    SandboxDeliveryRepository deliveries() {
        return deliveries;
    }

    SandboxGroupRepository groups() {
        return groups;
    }

    Clock clock() {
        return clock;
    }

    /** Callbacks under way finish (an interrupt would break their database calls); pending ones are dropped. */
    @Override
    public void stop() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
    }
}
