package cloud.wapiconnect.rest.dto;

public record PlanBody(
        String name,
        Integer maxSessions,
        Integer dailyMessageLimit,
        Integer maxBulkJobs,
        Integer maxBulkRecipients,
        Integer maxBulkSendsPerSecond) {}
