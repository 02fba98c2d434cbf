package cloud.wapiconnect.bulk;

/**
 * One recipient of a bulk job as stored.
 *
 * @param status {@code pending}, {@code sent}, {@code failed} or {@code skipped}
 * @param sentAt epoch milliseconds
 */
public record BulkRecipient(
        int index, String phone, String name, String status, String messageId, String error, Long sentAt) {}
