package cloud.wapiconnect.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builds the typed configuration beans inject (records: singletons, not proxied scopes). */
@ApplicationScoped
class ConfigProducer {
    @Produces
    @Singleton
    WapiConfig wapiConfig() {
        return WapiConfig.from(ConfigProvider.getConfig());
    }

    @Produces
    @Singleton
    StepRetryConfig stepRetryConfig() {
        return StepRetryConfig.from(ConfigProvider.getConfig());
    }

    @Produces
    @Singleton
    ResilienceConfig resilienceConfig() {
        return ResilienceConfig.from(ConfigProvider.getConfig());
    }

    @Produces
    @Singleton
    LockTimeoutConfig lockTimeoutConfig() {
        return LockTimeoutConfig.from(ConfigProvider.getConfig());
    }
}
