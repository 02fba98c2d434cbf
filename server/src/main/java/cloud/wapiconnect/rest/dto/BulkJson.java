package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.bulk.BulkAccepted;
import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkRecipient;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A bulk job as the API document shows it: {@code status,total,succeeded,failed,processed} first, and only
 * the document's four statuses (a cancelled job is {@code failed}, {@code error.code} {@code CANCELLED},
 * {@code "cancelled":true}). {@code skipNotOnWhatsApp}, {@code waitingFor}, {@code error} and
 * {@code cancelled} appear only when they say something.
 */
@Schema(name = "BulkJob")
public record BulkJson(
        String status,
        int total,
        int succeeded,
        int failed,
        int processed,
        int skipped,
        String jobId,
        String sessionId,
        String type,
        int duplicatesRemoved,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean skipNotOnWhatsApp,
        @JsonInclude(JsonInclude.Include.NON_NULL) String waitingFor,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobError error,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean cancelled,
        String createdAt,
        String startedAt,
        String completedAt) {
    public static BulkJson of(BulkJob job) {
        return new BulkJson(
                job.status().wireName(),
                job.total(),
                job.succeeded(),
                job.failed(),
                job.processed(),
                job.skipped(),
                job.id(),
                job.sessionId(),
                job.type(),
                job.duplicatesRemoved(),
                job.skipNotOnWhatsApp() ? Boolean.TRUE : null,
                job.waitingFor(),
                job.errorCode() == null ? null : new JobError(job.errorCode(), job.errorMessage()),
                job.cancelled() ? Boolean.TRUE : null,
                MessageJson.iso(job.createdAt()),
                MessageJson.iso(job.startedAt()),
                MessageJson.iso(job.completedAt()));
    }

    /** Why a job failed ({@code CANCELLED} when it was cancelled). */
    public record JobError(String code, String message) {}

    @Schema(name = "BulkAccepted")
    public record Accepted(String jobId, int total, int duplicatesRemoved) {
        public static Accepted of(BulkAccepted a) {
            return new Accepted(a.jobId(), a.total(), a.duplicatesRemoved());
        }
    }

    public record Jobs(List<BulkJson> jobs, long total, int page, int pages) {}

    @Schema(name = "BulkRecipient")
    public record Recipient(
            int index, String phone, String name, String status, String messageId, String error, String sentAt) {
        public static Recipient of(BulkRecipient r) {
            return new Recipient(
                    r.index(), r.phone(), r.name(), r.status(), r.messageId(), r.error(), MessageJson.iso(r.sentAt()));
        }
    }

    public record Recipients(List<Recipient> recipients, long total, int page, int pages) {}
}
