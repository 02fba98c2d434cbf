package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.account.AccountService;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.cluster.ClusterConfig;
import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.event.EventIdFloor;
import cloud.wapiconnect.event.EventRetention;
import cloud.wapiconnect.persistence.EmbeddedStoreCompactor;
import cloud.wapiconnect.persistence.Migrations;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.OperatorKey;
import cloud.wapiconnect.tenant.TenantChanges;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.webhook.WebhookDispatcher;
import cloud.wapiconnect.webhook.WebhookEndpointRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Start-up in a fixed order, before the server takes requests: migrate the schema, make the keys a
 * first run needs, restore the sessions that were online, resume bulk jobs, deliver webhooks. Shutdown is the
 * same in reverse: event streams end while the server still runs ({@link StreamsFirst}), then {@link #stop}.
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final String DEMO_KEY_FILE = "demo-api-key";
    /** How long a webhook call or a bulk send under way may take to finish when the server stops. */
    private static final Duration SHUTDOWN_STEP = Duration.ofSeconds(5);

    @Inject
    WapiConfig config;

    @Inject
    ClusterConfig cluster;

    @Inject
    Migrations migrations;

    @Inject
    OperatorKey operatorKey;

    @Inject
    TenantService tenants;

    @Inject
    TenantChanges tenantChanges;

    @Inject
    SessionService sessions;

    @Inject
    WhatsAppEngine engine;

    @Inject
    BulkJobService bulkJobs;

    @Inject
    WebhookDispatcher webhooks;

    @Inject
    EventIdFloor eventIdFloor;

    @Inject
    EventFeed eventFeed;

    @Inject
    EventRetention eventRetention;

    @Inject
    AccountService accounts;

    @Inject
    EmbeddedStoreCompactor embeddedStore;

    @Inject
    WebhookEndpointRepository webhookEndpoints;

    @Inject
    MetricSources metricSources;

    private StreamsFirst streamsFirst;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        LoggingUntilStopped.install();
        streamsFirst = new StreamsFirst(eventFeed, sessions, bulkJobs, SHUTDOWN_STEP);
        io.helidon.Main.addShutdownHandler(streamsFirst);
        LOG.info(() -> "Node " + cluster.nodeId() + " (peers reach it at " + cluster.nodeAddress() + ", lease "
                + cluster.lease().toMillis() + " ms)");
        int applied = migrations.migrate();
        LOG.info(() -> "Database schema up to date (" + applied + " migrations applied now)");
        embeddedStore.start();
        int sealed = webhookEndpoints.sealClearSecrets();
        if (sealed > 0) {
            LOG.info(() -> "Encrypted " + sealed + " webhook secrets stored in clear by an earlier version");
        }
        tenantChanges.start();
        eventIdFloor.start();
        eventFeed.start();
        eventRetention.start();
        accounts.start();
        String demoKey = config.embeddedDatabase() ? demoTenantKey() : null;
        printKeys(operatorKey.generatedKey(), demoKey);
        engine.start();
        String version = Optional.ofNullable(Startup.class.getPackage().getImplementationVersion())
                .orElse("dev");
        int restored = sessions.restoreAll(version);
        LOG.info(() -> "Engine " + config.engine().name().toLowerCase() + ": restored " + restored
                + " linked sessions on this node");
        bulkJobs.resumeAll();
        webhooks.start();
        metricSources.bind();
    }

    /**
     * Stops every worker that uses the database before the connection pool closes. CDI disposes the
     * application's beans — the pool among them — in no particular order once this returns, and the
     * server has stopped taking requests before (Helidon stops it first, at the highest priority). Bulk
     * jobs stop before the sessions close (a job would otherwise record that it waits for its session) and
     * leave their jobs to resume at the next start; links are kept. Every step is bounded (a webhook call
     * or a bulk send under way gets {@link #SHUTDOWN_STEP}); usually the whole sequence takes milliseconds.
     */
    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        long started = System.nanoTime();
        if (streamsFirst != null) {
            io.helidon.Main.removeShutdownHandler(streamsFirst);
        }
        webhooks.stop(SHUTDOWN_STEP);
        bulkJobs.stop(SHUTDOWN_STEP);
        sessions.closeAll();
        engine.stop();
        eventFeed.stop();
        eventRetention.stop();
        tenantChanges.stop();
        accounts.stop();
        embeddedStore.stop();
        LOG.info(() ->
                "Stopped the workers in " + (System.nanoTime() - started) / 1_000_000 + " ms; closing the database");
    }

    /** Everything has stopped, the database too: logging may close (see {@link LoggingUntilStopped}). */
    static void stopped(@Observes @Destroyed(ApplicationScoped.class) Object ignored) {
        LoggingUntilStopped.release();
    }

    /** On the embedded database, a first run gets a demo tenant so that the quick start needs no admin call. */
    private String demoTenantKey() {
        Path file = config.dataDir().resolve(DEMO_KEY_FILE);
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).trim();
                try {
                    tenants.authenticate(key);
                    return key;
                } catch (RuntimeException e) {
                    return null; // reset or suspended since: not ours to print any more
                }
            }
            if (tenants.anyTenant()) {
                return null;
            }
            String key = tenants.create("Demo", "demo@example.com", "starter").apiKey();
            DataDirectory.writePrivate(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printKeys(String adminKey, String demoKey) {
        if (adminKey == null && demoKey == null) {
            return;
        }
        StringBuilder banner = new StringBuilder("\n============================================================\n");
        banner.append(" WapiConnect is starting on port ").append(config.port()).append('\n');
        if (adminKey != null) {
            banner.append(" Admin key (X-Admin-Key):      ").append(adminKey).append('\n');
        }
        if (demoKey != null) {
            banner.append(" Demo tenant key (X-API-Key):  ").append(demoKey).append('\n');
        }
        banner.append(" Keys are kept in ")
                .append(config.dataDir().toAbsolutePath())
                .append('\n');
        banner.append(" Portal: ")
                .append(config.portal().publicUrl())
                .append("/portal/signup (operator: /portal/operator)\n");
        banner.append("============================================================\n");
        System.out.println(banner);
    }
}
