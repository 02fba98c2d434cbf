package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.tenant.CreatedTenant;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.Tenant;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Tenants and plans as the operator's API shows them. */
public final class AdminJson {
    private AdminJson() {}

    public record Nodes(List<NodeJson> nodes) {}

    /** A node of the cluster ({@code live}: its heartbeat is within the lease). */
    public record NodeJson(
            String id,
            String address,
            String version,
            String startedAt,
            long heartbeatAgeMs,
            boolean live,
            boolean draining,
            long sessionsHeld) {
        public static NodeJson of(cloud.wapiconnect.cluster.ClusterAdmin.NodeView n) {
            return new NodeJson(
                    n.nodeId(),
                    n.address(),
                    n.version(),
                    Instant.ofEpochMilli(n.startedAt()).toString(),
                    n.heartbeatAgeMs(),
                    n.live(),
                    n.draining(),
                    n.sessionsHeld());
        }
    }

    public record Sessions(List<SessionJson> sessions, long total, int page, int pages) {}

    /**
     * A session and the node its live connection runs on ({@code node} null while none does); {@code generation}
     * rises on every change of owner.
     */
    public record SessionJson(
            String tenantId,
            String sessionId,
            String status,
            boolean online,
            String node,
            long generation,
            long leaseExpiresInMs) {
        public static SessionJson of(cloud.wapiconnect.cluster.ClusterRepository.PlacementRow p) {
            return new SessionJson(
                    p.key().tenantId(),
                    p.key().sessionId(),
                    p.status(),
                    p.wanted(),
                    p.ownerNode(),
                    p.generation(),
                    p.expiresInMs());
        }
    }

    /** A new tenant: its API key is shown this once. */
    public record CreatedTenantJson(String tenantId, String apiKey, String plan) {
        public static CreatedTenantJson of(CreatedTenant c) {
            return new CreatedTenantJson(c.tenant().id(), c.apiKey(), c.tenant().planId());
        }
    }

    @Schema(name = "Tenant")
    public record TenantJson(
            String tenantId, String name, String email, String plan, boolean suspended, String createdAt) {
        public static TenantJson of(Tenant t) {
            return new TenantJson(
                    t.id(),
                    t.name(),
                    t.email(),
                    t.planId(),
                    t.suspended(),
                    Instant.ofEpochMilli(t.createdAt()).toString());
        }
    }

    public record Tenants(List<TenantJson> tenants) {}

    @Schema(name = "Plan")
    public record PlanJson(
            String planId,
            String name,
            int maxSessions,
            int dailyMessageLimit,
            int maxBulkJobs,
            int maxBulkRecipients,
            int maxBulkSendsPerSecond) {
        public static PlanJson of(Plan p) {
            return new PlanJson(
                    p.id(),
                    p.name(),
                    p.maxSessions(),
                    p.dailyMessageLimit(),
                    p.maxBulkJobs(),
                    p.maxBulkRecipients(),
                    p.maxBulkSendsPerSecond());
        }
    }

    public record Plans(List<PlanJson> plans) {}
}
