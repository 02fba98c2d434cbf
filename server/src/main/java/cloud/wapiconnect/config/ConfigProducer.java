package cloud.wapiconnect.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builds the one {@link WapiConfig} every bean injects (a record: a singleton, not a proxied scope). */
@ApplicationScoped
class ConfigProducer {
    @Produces
    @Singleton
    WapiConfig wapiConfig() {
        return WapiConfig.from(ConfigProvider.getConfig());
    }
}
