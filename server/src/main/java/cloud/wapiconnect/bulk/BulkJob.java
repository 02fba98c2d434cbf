package cloud.wapiconnect.bulk;

/**
 * A bulk job as stored. {@code processed == succeeded + failed}; {@code skipped} recipients were never
 * sent (the job was cancelled or stopped).
 *
 * @param waitingFor what a running job waits for ({@code session}), or null
 * @param errorCode  why a failed job stopped
 */
public record BulkJob(String id, String tenantId, String sessionId, BulkJobStatus status, String type, String header,
                      String message, String footer, int delayMin, int delayMax, int total, int duplicatesRemoved,
                      int succeeded, int failed, int skipped, String waitingFor, String errorCode, String errorMessage,
                      long createdAt, Long startedAt, Long completedAt) {
    public int processed() {
        return succeeded + failed;
    }
}
