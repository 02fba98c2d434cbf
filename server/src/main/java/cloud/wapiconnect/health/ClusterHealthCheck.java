package cloud.wapiconnect.health;

import cloud.wapiconnect.cluster.ClusterNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this node is a member of the cluster: its last lease renewal is recent (a node that cannot
 * renew has stopped its sessions) and it is not draining.
 */
@Readiness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {
    @Inject
    ClusterNode node;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster")
                .status(node.healthy() && !node.draining())
                .withData("nodeId", node.nodeId())
                .withData("address", node.config().nodeAddress())
                .withData("sessionsHeld", node.heldKeys().size())
                .withData("sessionsLive", node.runningHere())
                .withData("lastRenewAgeMs", node.lastRenewAgeMs())
                .withData("draining", node.draining())
                .build();
    }
}
