package cloud.wapiconnect.bulk;

import cloud.wapiconnect.error.ErrorCode;

/**
 * A bulk job as stored. {@code processed == succeeded + failed}; {@code skipped} recipients were never
 * sent (the job was cancelled or stopped). A cancelled job is {@code failed} with {@code CANCELLED}.
 *
 * @param waitingFor what a running job waits for ({@code session}, {@code tenant}, {@code whatsapp_limit}), or null
 * @param errorCode  why a failed job stopped
 * @param content    what every recipient gets, before personalisation
 * @param skipNotOnWhatsApp check each number before its send; skip it when it has no WhatsApp
 */
public record BulkJob(
        String id,
        String tenantId,
        String sessionId,
        BulkJobStatus status,
        BulkContent content,
        int delayMin,
        int delayMax,
        int total,
        int duplicatesRemoved,
        int succeeded,
        int failed,
        int skipped,
        String waitingFor,
        String errorCode,
        String errorMessage,
        long createdAt,
        Long startedAt,
        Long completedAt,
        boolean skipNotOnWhatsApp) {
    public String type() {
        return content.type();
    }

    public int processed() {
        return succeeded + failed;
    }

    /** Its owner cancelled it: {@code failed} with the error code {@code CANCELLED}. */
    public boolean cancelled() {
        return status == BulkJobStatus.FAILED && ErrorCode.CANCELLED.name().equals(errorCode);
    }
}
