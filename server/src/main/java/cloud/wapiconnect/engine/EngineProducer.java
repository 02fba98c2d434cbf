package cloud.wapiconnect.engine;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.sandbox.SandboxEngine;
import cloud.wapiconnect.engine.whatsapp.WhatsAppWebEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/** Picks the engine named by {@code WAPI_ENGINE}. */
@ApplicationScoped
class EngineProducer {
    @Produces
    @ApplicationScoped
    WhatsAppEngine engine(WapiConfig config, Instance<SandboxEngine> sandbox, Instance<WhatsAppWebEngine> whatsapp) {
        return switch (config.engine()) {
            case SANDBOX -> sandbox.get();
            case WHATSAPP -> whatsapp.get();
        };
    }
}
