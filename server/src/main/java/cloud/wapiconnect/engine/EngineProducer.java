package cloud.wapiconnect.engine;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.sandbox.SandboxEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Picks the engine named by {@code WAPI_ENGINE}. */
@ApplicationScoped
class EngineProducer {
    @Produces
    @ApplicationScoped
    WhatsAppEngine engine(WapiConfig config, Instance<SandboxEngine> sandbox) {
        return switch (config.engine()) {
            case SANDBOX -> sandbox.get();
        };
    }
}
