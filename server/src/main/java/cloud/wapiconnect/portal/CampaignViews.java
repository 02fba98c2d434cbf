package cloud.wapiconnect.portal;

import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkRecipient;
import cloud.wapiconnect.rest.dto.MessageJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bulk jobs and their recipients as the campaign pages, their live calls and their CSV show them. */
final class CampaignViews {
    private CampaignViews() {}

    /** A job's outcome and progress: the page's first rendering and every poll of its script show the same. */
    static Map<String, Object> job(BulkJob job) {
        int remaining = Math.max(0, job.total() - job.succeeded() - job.failed() - job.skipped());
        int done = job.total() - remaining;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobId", job.id());
        m.put("sessionId", job.sessionId());
        m.put("type", job.type());
        m.put("header", job.content().header() == null ? "" : job.content().header());
        m.put("message", job.content().message() == null ? "" : job.content().message());
        m.put("footer", job.content().footer() == null ? "" : job.content().footer());
        m.put("status", job.cancelled() ? "cancelled" : job.status().wireName());
        m.put("label", label(job));
        m.put("finished", job.status().finished());
        m.put("total", job.total());
        m.put("sent", job.succeeded());
        m.put("failed", job.failed());
        m.put("skipped", job.skipped());
        m.put("remaining", remaining);
        m.put("done", done);
        m.put("percent", job.total() == 0 ? 100 : done * 100 / job.total());
        m.put(
                "summary",
                done + " of " + job.total() + " done: " + job.succeeded() + " sent, " + job.failed() + " failed, "
                        + job.skipped() + " skipped, " + remaining + " remaining");
        m.put("duplicatesRemoved", job.duplicatesRemoved());
        m.put("createdAt", iso(job.createdAt()));
        m.put("startedAt", iso(job.startedAt()));
        m.put("completedAt", iso(job.completedAt()));
        return m;
    }

    private static String label(BulkJob job) {
        if (job.cancelled()) {
            return "Cancelled";
        }
        return switch (job.status()) {
            case PENDING -> "Queued";
            case RUNNING ->
                job.waitingFor() == null
                        ? "Sending"
                        : switch (job.waitingFor()) {
                            case "session" -> "Waiting for the session to connect";
                            case "tenant" -> "Paused: the account is suspended";
                            case "whatsapp_limit" -> "Paused by WhatsApp's sending limit";
                            default -> "Waiting (" + job.waitingFor() + ")";
                        };
            case COMPLETED -> "Finished";
            case FAILED -> "Stopped: " + (job.errorMessage() == null ? job.errorCode() : job.errorMessage());
        };
    }

    static Map<String, Object> recipient(BulkRecipient r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r.index() + 1);
        m.put("phone", r.phone());
        m.put("name", r.name() == null ? "" : r.name());
        m.put("status", r.status());
        m.put("error", r.error() == null ? "" : r.error());
        m.put("messageId", r.messageId() == null ? "" : r.messageId());
        m.put("sentAt", r.sentAt() == null ? "" : iso(r.sentAt()));
        return m;
    }

    static String iso(Long millis) {
        return millis == null ? "" : MessageJson.iso(millis);
    }
}
