package cloud.wapiconnect.metrics;

import cloud.wapiconnect.config.WapiConfig;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * Every domain metric of the server, served on {@code /metrics} beside the JVM's (Prometheus text format; the
 * names below gain {@code _total} on counters and {@code _seconds} on the timer there). The one place that knows
 * the metrics library: services call its typed methods, {@code lifecycle.MetricSources} binds the gauges to what
 * they read. Label values come from closed sets (message types, engines, error codes, outcomes, statuses), never
 * from tenants or sessions; a label value outside its set's shape, or beyond {@link #MAX_VALUES_PER_LABEL}
 * distinct ones, is counted as {@code other}.
 */
@ApplicationScoped
public class WapiMetrics {
    /** How long a gauge read from the database is kept: each node reads it at most this often, however scraped. */
    static final Duration DATABASE_GAUGE_TTL = Duration.ofSeconds(5);

    static final int MAX_VALUES_PER_LABEL = 64;
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");
    private static final String SCOPE = "application";
    /** Request to engine acceptance: the gateway's own work (usage, the message log) plus the engine's send. */
    private static final Duration[] SEND_LATENCY_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(75)
    };

    /** A webhook delivery attempt's end, as its outbox records it. */
    public enum WebhookOutcome {
        /** The receiver answered 2xx. */
        DELIVERED,
        /** The attempt failed; the delivery is retried with backoff. */
        RETRYING,
        /** The attempt failed and the retry window is used up: the delivery is dead. */
        GAVE_UP,
        /** The receiver answered 410 Gone: its endpoint is disabled. */
        GONE,
        /** The event was purged from the log before it could go out. */
        EXPIRED
    }

    /** What became of one bulk job recipient. */
    public enum BulkOutcome {
        SENT,
        FAILED,
        SKIPPED
    }

    /** Why this node gave a session's lease from one node to another. */
    public enum SessionMove {
        /** An operator moved it ({@code POST .../move}, answered by this node). */
        MOVED,
        /** This node had fewer than its share and took it from the busiest node. */
        REBALANCED,
        /** Its owner died or drained and this node placed it on the least loaded live node. */
        FAILED_OVER
    }

    /** The connection pool now: connections lent out, connections free, requests waiting for one. */
    public record PoolUse(int active, int idle, int pending) {}

    /** The pending webhook deliveries of every node; {@code oldestCreatedAt} in epoch ms, 0 without any. */
    public record WebhookBacklog(long pending, long oldestCreatedAt) {}

    private final MeterRegistry registry = Metrics.globalRegistry();
    private final String engine;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    /** The gauges' state objects, held here: Micrometer's gauges hold theirs only weakly. */
    private final List<Object> gaugeSources = new CopyOnWriteArrayList<>();

    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> labelValues = new ConcurrentHashMap<>();
    private final Timer sendLatency;
    private final Counter leaseRenewFailures;
    private final Counter forwardedOk;
    private final Counter forwardedFailed;

    @Inject
    public WapiMetrics(WapiConfig config) {
        this(config.engine().name().toLowerCase());
    }

    /** @param engine the {@code engine} label of this node's meters ({@code sandbox}, {@code whatsapp}) */
    WapiMetrics(String engine) {
        this.engine = engine;
        this.sendLatency = add(Timer.builder("wapi.send.latency")
                .description("Time from a send request to the engine's acceptance of the message")
                .tags(List.of(Tag.create("engine", engine)))
                .buckets(SEND_LATENCY_BUCKETS)
                .percentiles(new double[0]) // buckets only: quantiles computed here cannot be summed across nodes
                .scope(SCOPE));
        this.leaseRenewFailures = add(Counter.builder("wapi.cluster.lease.renew.failures")
                .description("Rounds in which this node failed to renew its session leases")
                .scope(SCOPE));
        this.forwardedOk = forwarded("ok");
        this.forwardedFailed = forwarded("failed");
    }

    // ---- messages ----

    /** A send was logged (counted against the tenant's usage) and goes to the engine now. */
    public void messageAccepted(String type) {
        counter(
                        "wapi.messages.accepted",
                        "Outgoing messages logged and handed to the engine",
                        "type",
                        type,
                        "engine",
                        engine)
                .increment();
    }

    /** The engine accepted a message {@code latency} after the send request. */
    public void messageSent(String type, Duration latency) {
        counter("wapi.messages.sent", "Outgoing messages the engine accepted", "type", type, "engine", engine)
                .increment();
        sendLatency.record(latency);
    }

    /** A logged send failed with {@code code} (an {@code ErrorCode} name). */
    public void messageFailed(String type, String code) {
        counter(
                        "wapi.messages.failed",
                        "Outgoing messages that failed, by error code",
                        "type",
                        type,
                        "engine",
                        engine,
                        "code",
                        code)
                .increment();
    }

    /** A message arrived from WhatsApp. */
    public void messageIncoming(String type) {
        counter("wapi.messages.incoming", "Incoming messages received from WhatsApp", "type", type, "engine", engine)
                .increment();
    }

    // ---- webhooks and bulk jobs ----

    public void webhookDelivery(WebhookOutcome outcome) {
        counter(
                        "wapi.webhook.deliveries",
                        "Webhook delivery attempts by outcome",
                        "outcome",
                        outcome.name().toLowerCase())
                .increment();
    }

    public void bulkRecipient(BulkOutcome outcome) {
        counter(
                        "wapi.bulk.recipients",
                        "Bulk job recipients done, by outcome (rate: recipients per second)",
                        "outcome",
                        outcome.name().toLowerCase())
                .increment();
    }

    // ---- cluster ----

    /** This node gave a session's lease to another node than its owner's (first placements are no moves). */
    public void sessionMoved(SessionMove why) {
        counter(
                        "wapi.cluster.session.moves",
                        "Session leases this node moved between nodes",
                        "reason",
                        why.name().toLowerCase())
                .increment();
    }

    /** One call forwarded to a session's owner node; {@code ok} false when it raised. */
    public void forwardedCall(boolean ok) {
        (ok ? forwardedOk : forwardedFailed).increment();
    }

    public void leaseRenewFailed() {
        leaseRenewFailures.increment();
    }

    // ---- gauges: bound once at start-up to what they read ----

    /** Live sessions on this node, one gauge per status (all of {@code statuses}, zeros included). */
    public void bindSessions(Collection<String> statuses, Supplier<Map<String, Integer>> countsByStatus) {
        for (String status : statuses) {
            gauge(
                    "wapi.sessions",
                    "Sessions live on this node by status",
                    List.of(Tag.create("status", status)),
                    countsByStatus,
                    s -> s.get().getOrDefault(status, 0));
        }
    }

    /** The shared outbox: pending deliveries and the age of the oldest (read from the database, cached). */
    public void bindWebhookBacklog(Supplier<WebhookBacklog> backlog) {
        Cached<WebhookBacklog> cached = cached(backlog, new WebhookBacklog(0, 0));
        gauge(
                "wapi.webhook.backlog",
                "Pending webhook deliveries (all nodes)",
                List.of(),
                cached,
                c -> c.get().pending());
        gauge(
                "wapi.webhook.oldest.pending.age.seconds",
                "Age of the oldest pending webhook delivery, 0 without any (all nodes)",
                List.of(),
                cached,
                c -> {
                    WebhookBacklog b = c.get();
                    return b.pending() == 0
                            ? 0
                            : Math.max(0, System.currentTimeMillis() - b.oldestCreatedAt()) / 1000.0;
                });
    }

    /** Recipients of pending and running bulk jobs not yet done (read from the database, cached). */
    public void bindBulkPending(LongSupplier pending) {
        Cached<Long> cached = cached(pending::getAsLong, 0L);
        gauge(
                "wapi.bulk.recipients.pending",
                "Recipients of queued and running bulk jobs not done yet (all nodes)",
                List.of(),
                cached,
                c -> c.get());
    }

    /** The newest event id written minus the newest this node's feed delivered to streams (cached). */
    public void bindEventFeedLag(LongSupplier lag) {
        Cached<Long> cached = cached(lag::getAsLong, 0L);
        gauge(
                "wapi.event.feed.lag",
                "Events written but not yet delivered to this node's streams",
                List.of(),
                cached,
                c -> c.get());
    }

    public void bindOpenStreams(IntSupplier open) {
        gauge("wapi.grpc.streams.open", "gRPC event streams open on this node", List.of(), open, s -> s.getAsInt());
    }

    /**
     * One of the whatsapp engine's bridge processes (label {@code process}: its index, below
     * {@code WAPI_BRIDGE_PROCESSES}): restarts since start-up, and its memory and sessions at the last health check.
     */
    public void bindBridge(int process, LongSupplier restarts, LongSupplier rssBytes, LongSupplier sessions) {
        List<Tag> tags = List.of(Tag.create("process", String.valueOf(process)));
        gaugeSources.add(restarts);
        add(FunctionalCounter.builder("wapi.bridge.restarts", restarts, r -> r.getAsLong())
                .description("Restarts of the WhatsApp bridge process since the server started")
                .tags(tags)
                .scope(SCOPE));
        gauge(
                "wapi.bridge.rss.bytes",
                "Resident memory of the WhatsApp bridge process at its last health check",
                tags,
                rssBytes,
                r -> r.getAsLong());
        gauge(
                "wapi.bridge.sessions",
                "Sessions the WhatsApp bridge process hosted at its last health check",
                tags,
                sessions,
                r -> r.getAsLong());
    }

    public void bindPool(Supplier<PoolUse> pool) {
        gauge(
                "wapi.db.pool.connections",
                "Database connections in use",
                state("active"),
                pool,
                p -> p.get().active());
        gauge(
                "wapi.db.pool.connections",
                "Database connections in use",
                state("idle"),
                pool,
                p -> p.get().idle());
        gauge(
                "wapi.db.pool.connections",
                "Database connections in use",
                state("pending"),
                pool,
                p -> p.get().pending());
    }

    /** Sessions whose lease this node holds (cluster mode; a node alone holds every session). */
    public void bindSessionsHeld(IntSupplier held) {
        gauge("wapi.cluster.sessions.held", "Sessions whose lease this node holds", List.of(), held, h -> h.getAsInt());
    }

    /** The server stops (or a test's container): the next start binds its own beans again. */
    @PreDestroy
    void close() {
        meters.forEach(registry::remove);
        meters.clear();
        counters.clear();
        gaugeSources.clear();
    }

    // ---- the library ----

    private Counter forwarded(String outcome) {
        return add(Counter.builder("wapi.cluster.forwarded.calls")
                .description("Calls this node forwarded to a session's owner node")
                .tags(List.of(Tag.create("outcome", outcome)))
                .scope(SCOPE));
    }

    private static List<Tag> state(String state) {
        return List.of(Tag.create("state", state));
    }

    /** The counter of these label values; {@code labels}: name, value, name, value… */
    private Counter counter(String name, String description, String... labels) {
        List<String> key = new ArrayList<>(labels.length + 1);
        key.add(name);
        for (int i = 0; i < labels.length; i += 2) {
            key.add(bounded(name + '/' + labels[i], labels[i + 1]));
        }
        return counters.computeIfAbsent(key, k -> {
            List<Tag> tags = new ArrayList<>();
            for (int i = 0; i < labels.length; i += 2) {
                tags.add(Tag.create(labels[i], k.get(i / 2 + 1)));
            }
            return add(Counter.builder(name).description(description).tags(tags).scope(SCOPE));
        });
    }

    /** {@code value}, or {@code other} when it has an odd shape or its label already has too many values. */
    private String bounded(String label, String value) {
        if (value == null || !LABEL_VALUE.matcher(value).matches()) {
            return "other";
        }
        Map<String, String> seen = labelValues.computeIfAbsent(label, l -> new ConcurrentHashMap<>());
        String known = seen.get(value);
        if (known != null) {
            return known;
        }
        if (seen.size() >= MAX_VALUES_PER_LABEL) {
            return "other";
        }
        return seen.computeIfAbsent(value, v -> v);
    }

    private <T> void gauge(String name, String description, List<Tag> tags, T source, ToDoubleFunction<T> read) {
        gaugeSources.add(source);
        add(Gauge.builder(name, source, read)
                .description(description)
                .tags(tags)
                .scope(SCOPE));
    }

    private static <T> Cached<T> cached(Supplier<T> source, T initial) {
        return new Cached<>(source, initial, DATABASE_GAUGE_TTL.toNanos(), System::nanoTime);
    }

    private <M extends Meter, B extends Meter.Builder<B, M>> M add(B builder) {
        M meter = registry.getOrCreate(builder);
        meters.add(meter);
        return meter;
    }
}
