package cloud.wapiconnect.lifecycle;

import cloud.wapiconnect.account.AccountService;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.event.EventIdFloor;
import cloud.wapiconnect.event.EventRetention;
import cloud.wapiconnect.persistence.Migrations;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.OperatorKey;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.webhook.WebhookDispatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Start-up in a fixed order, before the server takes requests: migrate the schema, make the keys a
 * first run needs, restore the sessions that were online, resume bulk jobs, deliver webhooks. On shutdown, close
 * connections and keep links.
 */
@ApplicationScoped
public class Startup {
    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final String DEMO_KEY_FILE = "demo-api-key";

    @Inject
    WapiConfig config;
    @Inject
    Migrations migrations;
    @Inject
    OperatorKey operatorKey;
    @Inject
    TenantService tenants;
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

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        int applied = migrations.migrate();
        LOG.info(() -> "Database schema up to date (" + applied + " migrations applied now)");
        eventIdFloor.start();
        eventFeed.start();
        eventRetention.start();
        accounts.start();
        String demoKey = config.embeddedDatabase() ? demoTenantKey() : null;
        printKeys(operatorKey.generatedKey(), demoKey);
        engine.start();
        int restored = sessions.restoreAll();
        LOG.info(() -> "Engine " + config.engine().name().toLowerCase() + ": restored " + restored + " linked sessions");
        bulkJobs.resumeAll();
        webhooks.start();
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        sessions.closeAll();
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
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
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
        banner.append(" Keys are kept in ").append(config.dataDir().toAbsolutePath()).append('\n');
        banner.append(" Portal: ").append(config.portal().publicUrl()).append("/portal/signup (operator: /portal/operator)\n");
        banner.append("============================================================\n");
        System.out.println(banner);
    }
}
