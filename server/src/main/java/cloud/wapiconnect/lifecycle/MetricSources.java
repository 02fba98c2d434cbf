package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.cluster.ClusterNode;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.whatsapp.WhatsAppWebEngine;
import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.persistence.ConnectionPool;
import cloud.wapiconnect.session.SessionRegistry;
import cloud.wapiconnect.session.SessionStatus;
import cloud.wapiconnect.webhook.WebhookBacklog;
import cloud.wapiconnect.webhook.WebhookDispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binds the gauges of {@link WapiMetrics} to what they read, once at start-up: the domain classes expose plain
 * reads (counts, snapshots) and never see a gauge; {@link WapiMetrics} decides names, labels and caching.
 */
@ApplicationScoped
class MetricSources {
    private final WapiMetrics metrics;
    private final WapiConfig config;
    private final SessionRegistry sessions;
    private final WebhookDispatcher webhooks;
    private final BulkJobService bulkJobs;
    private final EventFeed eventFeed;
    private final ConnectionPool pool;
    private final ClusterNode node;
    private final Instance<WhatsAppWebEngine> whatsapp;

    @Inject
    MetricSources(
            WapiMetrics metrics,
            WapiConfig config,
            SessionRegistry sessions,
            WebhookDispatcher webhooks,
            BulkJobService bulkJobs,
            EventFeed eventFeed,
            ConnectionPool pool,
            ClusterNode node,
            Instance<WhatsAppWebEngine> whatsapp) {
        this.metrics = metrics;
        this.config = config;
        this.sessions = sessions;
        this.webhooks = webhooks;
        this.bulkJobs = bulkJobs;
        this.eventFeed = eventFeed;
        this.pool = pool;
        this.node = node;
        this.whatsapp = whatsapp;
    }

    void bind() {
        metrics.bindSessions(
                Arrays.stream(SessionStatus.values())
                        .map(SessionStatus::wireName)
                        .toList(),
                () -> {
                    Map<String, Integer> counts = new LinkedHashMap<>();
                    sessions.countByStatus().forEach((status, n) -> counts.put(status.wireName(), n));
                    return counts;
                });
        metrics.bindWebhookBacklog(() -> {
            WebhookBacklog backlog = webhooks.backlog();
            return new WapiMetrics.WebhookBacklog(backlog.pending(), backlog.oldestCreatedAt());
        });
        metrics.bindBulkPending(bulkJobs::recipientsPending);
        metrics.bindEventFeedLag(eventFeed::lag);
        metrics.bindOpenStreams(eventFeed::subscribers);
        metrics.bindPool(() -> {
            ConnectionPool.Usage usage = pool.usage();
            return new WapiMetrics.PoolUse(usage.active(), usage.idle(), usage.pending());
        });
        metrics.bindSessionsHeld(node::heldCount);
        if (config.engine() == WapiConfig.EngineKind.WHATSAPP) {
            WhatsAppWebEngine engine = whatsapp.get();
            for (int i = 0; i < config.bridge().processes(); i++) {
                int process = i;
                metrics.bindBridge(
                        process,
                        () -> engine.bridges().get(process).restarts(),
                        () -> engine.bridges()
                                .get(process)
                                .lastPing()
                                .map(WhatsAppWebEngine.Ping::rssBytes)
                                .orElse(0L),
                        () -> engine.bridges()
                                .get(process)
                                .lastPing()
                                .map(WhatsAppWebEngine.Ping::sessions)
                                .orElse(0));
            }
        }
    }
}
