package cloud.wapiconnect.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/** Builds {@link ClusterConfig} once (a record: a singleton, not a proxied scope). */
@ApplicationScoped
class ClusterConfigProducer {
    @Produces
    @Singleton
    ClusterConfig clusterConfig() {
        return ClusterConfig.from(ConfigProvider.getConfig());
    }
}
