package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkRecipient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bulk jobs as the API document shows them: {@code status,total,succeeded,failed,processed} first, and only
 * the document's four statuses (a cancelled job is {@code failed}, {@code error.code} {@code CANCELLED},
 * {@code "cancelled":true}).
 */
public final class BulkJson {
    private BulkJson() {}

    public static Map<String, Object> job(BulkJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", job.status().wireName());
        json.put("total", job.total());
        json.put("succeeded", job.succeeded());
        json.put("failed", job.failed());
        json.put("processed", job.processed());
        json.put("skipped", job.skipped());
        json.put("jobId", job.id());
        json.put("sessionId", job.sessionId());
        json.put("type", job.type());
        json.put("duplicatesRemoved", job.duplicatesRemoved());
        if (job.skipNotOnWhatsApp()) {
            json.put("skipNotOnWhatsApp", true);
        }
        if (job.waitingFor() != null) {
            json.put("waitingFor", job.waitingFor());
        }
        if (job.errorCode() != null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", job.errorCode());
            error.put("message", job.errorMessage());
            json.put("error", error);
        }
        if (job.cancelled()) {
            json.put("cancelled", true);
        }
        json.put("createdAt", MessageJson.iso(job.createdAt()));
        json.put("startedAt", MessageJson.iso(job.startedAt()));
        json.put("completedAt", MessageJson.iso(job.completedAt()));
        return json;
    }

    public static Map<String, Object> recipient(BulkRecipient r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", r.index());
        json.put("phone", r.phone());
        json.put("name", r.name());
        json.put("status", r.status());
        json.put("messageId", r.messageId());
        json.put("error", r.error());
        json.put("sentAt", MessageJson.iso(r.sentAt()));
        return json;
    }
}
