package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventJson;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.proto.v1.BulkJobProgress;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulk-job events on the gRPC stream carry the REST statuses only: a cancelled job is FAILED, CANCELLED, cancelled. */
class BulkJobProgressTest {
    @Test
    void aCancelledJobIsFailedWithCancelledOnTheStream() {
        BulkJobProgress p = progress(Map.of("status", "failed", "errorCode", "CANCELLED", "cancelled", true));
        assertEquals(BulkJobStatus.BULK_JOB_STATUS_FAILED, p.getStatus());
        assertEquals("CANCELLED", p.getErrorCode());
        assertTrue(p.getCancelled());
    }

    @Test
    void eventsLoggedBeforeTheChangeSayCancelledAndAreShownTheSameWay() {
        BulkJobProgress p = progress(Map.of("status", "cancelled"));
        assertEquals(BulkJobStatus.BULK_JOB_STATUS_FAILED, p.getStatus());
        assertEquals("CANCELLED", p.getErrorCode());
        assertTrue(p.getCancelled());
    }

    @Test
    void otherJobsAreNotCancelled() {
        BulkJobProgress p = progress(Map.of("status", "failed", "errorCode", "SENT_LIMIT_EXCEEDED"));
        assertEquals(BulkJobStatus.BULK_JOB_STATUS_FAILED, p.getStatus());
        assertFalse(p.getCancelled());
        assertEquals(
                BulkJobStatus.BULK_JOB_STATUS_COMPLETED,
                progress(Map.of("status", "completed")).getStatus());
    }

    private static BulkJobProgress progress(Map<String, Object> fields) {
        Map<String, Object> data = new HashMap<>(Map.of(
                "jobId",
                "65f1a2b3c4d5e6f7a8b9c0d1",
                "total",
                3,
                "succeeded",
                1,
                "failed",
                0,
                "processed",
                1,
                "skipped",
                2));
        data.putAll(fields);
        return EventMapper.toProto(new Event(
                        7, "t1", "main", 1_700_000_000_000L, EventJson.read(EventType.BULK_JOB, Json.write(data))))
                .getBulkJob();
    }
}
