package cloud.wapiconnect.tenant;

/**
 * Limits a tenant buys: how many sessions it may link, how many messages it may send per UTC day, and
 * how much bulk work it may have in flight at a time ({@code maxBulkJobs} jobs queued or running,
 * {@code maxBulkRecipients} recipients of those not yet sent) and how fast its bulk jobs send
 * ({@code maxBulkSendsPerSecond}, all its sessions together): the bounds that keep one tenant's bulk
 * jobs from taking the memory, disk, database and CPU time every other tenant needs.
 */
public record Plan(
        String id,
        String name,
        int maxSessions,
        int dailyMessageLimit,
        int maxBulkJobs,
        int maxBulkRecipients,
        int maxBulkSendsPerSecond) {
    /** Jobs queued or running at a time, for a plan saved without {@code maxBulkJobs}. */
    public static final int DEFAULT_MAX_BULK_JOBS = 10;
    /**
     * Recipients queued or being sent at a time, for a plan saved without {@code maxBulkRecipients}: two
     * jobs of the largest size {@code WAPI_BULK_MAX_RECIPIENTS} allows by default.
     */
    public static final int DEFAULT_MAX_BULK_RECIPIENTS = 200_000;
    /**
     * Bulk recipients sent per second, all the tenant's sessions together, for a plan saved without
     * {@code maxBulkSendsPerSecond}: more than the document's default pauses (2-5 s) reach on 30 sessions.
     */
    public static final int DEFAULT_MAX_BULK_SENDS_PER_SECOND = 10;
}
