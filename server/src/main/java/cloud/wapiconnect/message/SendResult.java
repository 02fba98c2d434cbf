package cloud.wapiconnect.message;

/** @param timestamp unix seconds */
public record SendResult(String messageId, long timestamp) {}
