package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A simulated WhatsApp network, like a payment provider's test mode: sessions link by a simulated
 * scan, messages are "delivered" into a table, acks and incoming messages are produced on request.
 * All connections share one small scheduler, so a thousand idle sessions cost a thousand small objects.
 *
 * <p>Like WhatsApp, the network lets one connection per linked device live, across every server process on
 * the database: a connection that opens takes the session's link ({@code sandbox_links}, one write), and
 * the older connection is closed with reason {@code replaced}, at once in this process and within a
 * {@link #LINK_CHECK tick} in another. Each process notices with one query a tick for all its connections
 * (it counts the links it holds; only when the count drops does it read which), and the network refuses
 * anything a replaced connection still tries in the same statement that would record it.
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

    /** How often this process checks whether another one took links its connections hold. */
    static final Duration LINK_CHECK = Duration.ofMillis(400);

    /**
     * How long the sandbox waits for a session's proxy to accept a TCP connection (it goes no further: no proxy
     * handshake) before it reports {@code proxy_failed}.
     */
    static final Duration PROXY_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(SandboxEngine.class.getName());

    private final ConcurrentMap<SessionKey, SandboxConnection> connections = new ConcurrentHashMap<>();
    /**
     * The connections of this process whose link write committed, open or since closed: as many as the
     * database counts under {@link #holder} unless another process took some.
     */
    private final ConcurrentMap<SessionKey, SandboxConnection> linked = new ConcurrentHashMap<>();
    /** This process's name on the simulated network, as {@code sandbox_links.holder}. */
    private final String holder = SandboxIds.hex32();

    private final ScheduledThreadPoolExecutor scheduler;
    private final WapiConfig.SandboxConfig config;
    private final SandboxDeliveryRepository deliveries;
    private final SandboxGroupRepository groups;
    private final SandboxLinkRepository links;
    private final Clock clock;
    /** Only the link check uses it, and one check runs at a time (each schedules the next). */
    private final StepFailures linkCheckFailures;
    /** Judges a proxy's addresses again at each connection (its name may resolve elsewhere by now). */
    private final AddressGuard proxyGuard;

    @Inject
    public SandboxEngine(
            WapiConfig config,
            SandboxDeliveryRepository deliveries,
            SandboxGroupRepository groups,
            SandboxLinkRepository links,
            StepRetryConfig retry,
            Clock clock) {
        this.config = config.sandbox();
        this.proxyGuard = new AddressGuard(config.allowPrivateNetworks());
        this.deliveries = deliveries;
        this.groups = groups;
        this.links = links;
        this.clock = clock;
        this.linkCheckFailures = new StepFailures("Checking the sandbox's links", LOG, retry);
        this.scheduler = new ScheduledThreadPoolExecutor(
                CALLBACK_THREADS,
                Thread.ofPlatform().name("sandbox-", 0).daemon().factory());
        // Stopping drops acks and QR codes still to come: they would write to a database that is closing.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduleLinkCheck(LINK_CHECK.toMillis());
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public EngineConnection connect(SessionKey session, Optional<byte[]> credentials, EngineListener listener) {
        return connect(session, credentials, Optional.empty(), listener);
    }

    /**
     * With a proxy, the simulated network is reached through it as far as a TCP connection to the proxy goes (within
     * {@link #PROXY_CONNECT_TIMEOUT}, on each connect and reconnect; no proxy handshake, and nothing else goes
     * through it): when that fails, the session is {@code disconnected} with reason {@code proxy_failed} and tries
     * again every {@code WAPI_SANDBOX_RECONNECT_DELAY_MS}.
     */
    @Override
    public EngineConnection connect(
            SessionKey session, Optional<byte[]> credentials, Optional<SessionProxy> proxy, EngineListener listener) {
        SandboxConnection connection = new SandboxConnection(session, listener, this, proxy);
        SandboxConnection previous = connections.put(session, connection);
        if (previous != null) {
            previous.replaced();
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

    /** The connection takes its session's link on the network, from whichever connection anywhere held it. */
    void link(SandboxConnection connection) {
        links.open(connection.session(), connection.id(), holder, clock.millis());
        linked.put(connection.session(), connection);
    }

    /** The connection no longer holds its link: the tick has nothing to compare it with. */
    void unlink(SandboxConnection connection) {
        linked.remove(connection.session(), connection);
    }

    /** Whether the connection still holds its session's link (one read, for the rarer actions). */
    boolean holdsLink(SandboxConnection connection) {
        return links.current(connection.session()).map(connection.id()::equals).orElse(false);
    }

    /**
     * One tick: a count of the links this process holds, and only when it fell short of what the
     * connections here took, which ones went to another process; those connections are closed as replaced.
     */
    private void checkLinks() {
        long next = LINK_CHECK.toMillis();
        try {
            if (!linked.isEmpty() && links.countHeld(holder) != linked.size()) {
                // Only links whose write committed before this read can be judged by it.
                Map<SessionKey, SandboxConnection> before = Map.copyOf(linked);
                Map<SessionKey, String> held = links.held(holder);
                before.forEach((session, connection) -> {
                    if (!connection.id().equals(held.get(session)) && linked.remove(session, connection)) {
                        connection.replaced();
                    }
                });
            }
            linkCheckFailures.succeeded();
        } catch (RuntimeException e) {
            next = Math.max(next, linkCheckFailures.failed(e));
        }
        scheduleLinkCheck(next);
    }

    private void scheduleLinkCheck(long delayMillis) {
        try {
            scheduler.schedule(this::checkLinks, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // The engine stopped: no more checks.
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    AddressGuard proxyGuard() {
        return proxyGuard;
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
