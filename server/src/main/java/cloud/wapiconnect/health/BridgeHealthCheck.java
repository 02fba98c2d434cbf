package cloud.wapiconnect.health;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.whatsapp.WhatsAppWebEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The whatsapp engine's bridge processes: for each ({@code process<i>.…}) its process id, sessions, memory,
 * restarts and downtime, and the totals (as with one process: {@code pid} is process 0's). Not ready only when
 * a bridge process has been down for a minute (a restart takes seconds; the REST API answers throughout).
 */
@Readiness
@ApplicationScoped
public class BridgeHealthCheck implements HealthCheck {
    private static final Duration TOLERATED_DOWNTIME = Duration.ofMinutes(1);

    @Inject
    WapiConfig config;

    @Inject
    Instance<WhatsAppWebEngine> engine;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bridge");
        if (config.engine() != WapiConfig.EngineKind.WHATSAPP) {
            return response.up()
                    .withData("engine", config.engine().name().toLowerCase())
                    .build();
        }
        List<WhatsAppWebEngine.BridgeStatus> bridges = engine.get().bridges();
        response.withData("engine", "whatsapp").withData("processes", bridges.size());
        long restarts = 0;
        long sessions = 0;
        long rss = 0;
        boolean pinged = false;
        Duration down = Duration.ZERO;
        for (WhatsAppWebEngine.BridgeStatus bridge : bridges) {
            String prefix = "process" + bridge.index() + ".";
            response.withData(prefix + "restarts", bridge.restarts())
                    .withData(prefix + "assigned", bridge.assigned())
                    .withData(prefix + "downForMs", bridge.downFor().toMillis());
            bridge.pid().ifPresent(pid -> response.withData(prefix + "pid", pid));
            if (bridge.lastPing().isPresent()) {
                WhatsAppWebEngine.Ping ping = bridge.lastPing().get();
                response.withData(prefix + "sessions", ping.sessions())
                        .withData(prefix + "rssBytes", ping.rssBytes())
                        .withData("baileys", ping.engineVersion());
                sessions += ping.sessions();
                rss += ping.rssBytes();
                pinged = true;
            }
            restarts += bridge.restarts();
            down = down.compareTo(bridge.downFor()) >= 0 ? down : bridge.downFor();
        }
        response.withData("restarts", restarts);
        bridges.getFirst().pid().ifPresent(pid -> response.withData("pid", pid));
        if (pinged) {
            response.withData("sessions", sessions).withData("rssBytes", rss);
        }
        response.withData("downForMs", down.toMillis());
        return response.status(down.compareTo(TOLERATED_DOWNTIME) < 0).build();
    }
}
