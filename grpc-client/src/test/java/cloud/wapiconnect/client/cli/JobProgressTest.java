package cloud.wapiconnect.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.proto.v1.BulkJob;
import cloud.wapiconnect.proto.v1.BulkJobError;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    private static final BulkJob RUNNING = BulkJob.newBuilder()
            .setJobId("65f0")
            .setStatus(BulkJobStatus.BULK_JOB_STATUS_RUNNING)
            .setTotal(20)
            .setSucceeded(8)
            .setFailed(1)
            .setProcessed(9)
            .setWaitingFor("session")
            .build();

    @Test
    void aBarFillsWithTheSettledRecipientsAndFitsTheTerminal() {
        String bar = JobProgress.bar(RUNNING, 200);
        assertEquals(
                "[#######---------]  45% 9/20 running, waiting for session: sent 8, failed 1, skipped 0,"
                        + " remaining 11",
                bar);
        String narrow = JobProgress.bar(RUNNING, 40);
        assertTrue(narrow.length() < 40, narrow);
        assertTrue(narrow.endsWith("..."), narrow);
    }

    @Test
    void aLineSaysHowTheJobEnded() {
        BulkJob cancelled = RUNNING.toBuilder()
                .setStatus(BulkJobStatus.BULK_JOB_STATUS_FAILED)
                .setWaitingFor("")
                .setSkipped(11)
                .setError(BulkJobError.newBuilder().setCode("CANCELLED"))
                .build();
        assertEquals(
                "job 65f0 failed CANCELLED: 20/20 (100%) sent 8, failed 1, skipped 11, remaining 0",
                JobProgress.line(cancelled));
    }
}
