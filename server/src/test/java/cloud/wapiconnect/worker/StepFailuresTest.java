package cloud.wapiconnect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.StepRetryConfig;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failing step backs off to a cap and writes a bounded number of log lines, however often it fails. */
class StepFailuresTest {
    private static final StepRetryConfig RETRY = new StepRetryConfig(Duration.ofMillis(100), Duration.ofSeconds(2), 5);
    private static final RuntimeException FAULT = new IllegalStateException(
            "could not read\nthe media", new SQLSyntaxErrorException("Table 'wapi.bulk_job_media' doesn't exist"));

    private final Logger logger = Logger.getLogger("test.step-failures." + System.nanoTime());
    private final List<LogRecord> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                lines.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void capture() {
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    @AfterEach
    void release() {
        logger.removeHandler(handler);
    }

    @Test
    void aStepThatKeepsFailingBacksOffToTheCapAndLogsTwoLines() {
        StepFailures failures = new StepFailures("Bulk job 1", logger, RETRY);
        List<Long> pauses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pauses.add(failures.failed(FAULT));
            if (failures.exhausted()) {
                failures.report("the job ends failed with INTERNAL_ERROR", FAULT);
            }
        }
        assertTrue(
                pauses.getFirst() >= 80 && pauses.getFirst() <= 120,
                pauses.subList(0, 5).toString());
        assertTrue(pauses.get(3) > pauses.get(1), "it doubles: " + pauses.subList(0, 5));
        assertTrue(pauses.stream().allMatch(p -> p <= 2000), "capped: " + pauses.subList(0, 10));
        assertTrue(pauses.getLast() >= 1500, "at the cap: " + pauses.getLast());
        assertEquals(
                List.of(Level.WARNING, Level.SEVERE),
                lines.stream().map(LogRecord::getLevel).toList());
        assertTrue(
                lines.stream()
                        .allMatch(r -> r.getThrown() == null && !r.getMessage().contains("\n")),
                "one line each, no stack trace");
        assertTrue(
                lines.getLast().getMessage().contains("failed 5 times in a row"),
                lines.getLast().getMessage());
        assertTrue(
                lines.getLast().getMessage().contains("INTERNAL_ERROR"),
                lines.getLast().getMessage());

        failures.succeeded();
        assertEquals(Level.INFO, lines.getLast().getLevel());
        assertTrue(
                lines.getLast().getMessage().contains("works again after 1000 failed attempts"),
                lines.getLast().getMessage());
        assertFalse(failures.exhausted());
    }

    @Test
    void aStepThatFailsEveryOtherTimeLogsOnlyItsFirstStreakWithinAMinute() {
        StepFailures failures = new StepFailures("Webhook delivery", logger, RETRY);
        for (int i = 0; i < 500; i++) {
            failures.failed(FAULT);
            failures.succeeded();
        }
        assertEquals(
                List.of(Level.WARNING, Level.INFO),
                lines.stream().map(LogRecord::getLevel).toList());
    }

    @Test
    void aFailureIsDescribedInOneLineWithItsRootCause() {
        String text = StepFailures.describe(FAULT);
        assertEquals(
                "SQLSyntaxErrorException: Table 'wapi.bulk_job_media' doesn't exist (in IllegalStateException: "
                        + "could not read the media)",
                text);
        assertTrue(StepFailures.describe(new RuntimeException("x".repeat(5000))).length() <= 300);
    }
}
