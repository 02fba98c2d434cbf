package cloud.wapiconnect.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "tenants")
class TenantEntity {
    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String email;

    @Column(name = "plan_id", nullable = false)
    public String planId;

    @Column(name = "api_key_hash", nullable = false)
    public String apiKeyHash;

    @Column(name = "api_key_hint", nullable = false)
    public String apiKeyHint;

    @Column(nullable = false)
    public boolean suspended;

    @Column(name = "created_at", nullable = false)
    public long createdAt;
}
