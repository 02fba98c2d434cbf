package cloud.wapiconnect.health;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.whatsapp.WhatsAppWebEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The whatsapp engine's bridge: its process id, sessions, memory and restarts. Not ready only when the
 * bridge has been down for a minute (a restart takes seconds; the REST API answers throughout).
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
        WhatsAppWebEngine whatsapp = engine.get();
        response.withData("engine", "whatsapp").withData("restarts", whatsapp.bridgeRestarts());
        whatsapp.bridgePid().ifPresent(pid -> response.withData("pid", pid));
        whatsapp.bridgeStatus()
                .ifPresent(ping -> response.withData("sessions", ping.getSessions())
                        .withData("rssBytes", ping.getRssBytes())
                        .withData("baileys", ping.getEngineVersion()));
        Duration down = whatsapp.bridgeDownFor();
        response.withData("downForMs", down.toMillis());
        return response.status(down.compareTo(TOLERATED_DOWNTIME) < 0).build();
    }
}
