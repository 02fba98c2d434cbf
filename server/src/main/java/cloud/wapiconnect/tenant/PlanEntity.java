package cloud.wapiconnect.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "plans")
class PlanEntity {
    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "max_sessions", nullable = false)
    public int maxSessions;

    @Column(name = "daily_message_limit", nullable = false)
    public int dailyMessageLimit;

    @Column(name = "max_bulk_jobs", nullable = false)
    public int maxBulkJobs;

    @Column(name = "max_bulk_recipients", nullable = false)
    public int maxBulkRecipients;

    @Column(name = "max_bulk_sends_per_second", nullable = false)
    public int maxBulkSendsPerSecond;
}
