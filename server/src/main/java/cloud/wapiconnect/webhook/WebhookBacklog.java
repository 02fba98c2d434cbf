package cloud.wapiconnect.webhook;

/** The outbox's pending deliveries of every tenant, and when the oldest was created (epoch ms; 0 without any). */
public record WebhookBacklog(long pending, long oldestCreatedAt) {}
