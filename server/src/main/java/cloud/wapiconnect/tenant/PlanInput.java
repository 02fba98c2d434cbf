package cloud.wapiconnect.tenant;

/**
 * A plan as an operator saves it: the bulk bounds left out (null) keep the plan's value, or take the
 * defaults in {@link Plan} for a new plan.
 */
public record PlanInput(
        String name,
        int maxSessions,
        int dailyMessageLimit,
        Integer maxBulkJobs,
        Integer maxBulkRecipients,
        Integer maxBulkSendsPerSecond) {}
