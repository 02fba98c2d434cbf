package cloud.wapiconnect.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that keeps the feed from skipping an event whose id committed after a higher one. */
class LogCursorTest {
    private static final long GRACE = 1000;

    private static List<Long> advance(LogCursor cursor, List<Long> ids, long now) {
        return cursor.advance(ids, Long::longValue, now);
    }

    @Test
    void contiguousIdsAreDeliveredAtOnce() {
        LogCursor cursor = new LogCursor(10, GRACE);
        assertEquals(List.of(11L, 12L, 13L), advance(cursor, List.of(11L, 12L, 13L), 0));
        assertEquals(13, cursor.position());
        assertFalse(cursor.waitingOnGap());
    }

    @Test
    void aMissingIdHoldsBackEverythingAfterItUntilItCommits() {
        LogCursor cursor = new LogCursor(10, GRACE);
        assertEquals(List.of(11L), advance(cursor, List.of(11L, 13L, 14L), 0));
        assertTrue(cursor.waitingOnGap());
        assertEquals(List.of(), advance(cursor, List.of(13L, 14L), 500));
        // 12 commits late: delivered in order, before 13 and 14.
        assertEquals(List.of(12L, 13L, 14L), advance(cursor, List.of(12L, 13L, 14L), 600));
        assertFalse(cursor.waitingOnGap());
    }

    @Test
    void aMissingIdIsGivenUpOnceTheRowAfterItHasBeenKnownForTheGracePeriod() {
        LogCursor cursor = new LogCursor(10, GRACE);
        assertEquals(List.of(), advance(cursor, List.of(12L, 15L), 0));
        assertEquals(List.of(), advance(cursor, List.of(12L, 15L), GRACE - 1));
        // 11 and 13-14 were rolled back: 12 and 15 were seen at the same time, so both go now.
        assertEquals(List.of(12L, 15L), advance(cursor, List.of(12L, 15L), GRACE));
        assertEquals(15, cursor.position());
    }

    @Test
    void aRowSeenLaterWaitsItsOwnGracePeriod() {
        LogCursor cursor = new LogCursor(10, GRACE);
        assertEquals(List.of(), advance(cursor, List.of(12L), 0));
        assertEquals(List.of(12L), advance(cursor, List.of(12L, 14L), GRACE));
        assertEquals(List.of(), advance(cursor, List.of(14L), GRACE + 10));
        assertEquals(List.of(14L), advance(cursor, List.of(14L), 2 * GRACE));
    }

    @Test
    void idsAtOrBelowThePositionAreIgnored() {
        LogCursor cursor = new LogCursor(10, GRACE);
        assertEquals(List.of(11L), advance(cursor, List.of(9L, 10L, 11L), 0));
    }

    @Test
    void idsKnownNeverToBeWrittenAreNotWaitedFor() {
        LogCursor cursor = new LogCursor(10, GRACE);
        cursor.neverWritten(new EventIdFloor.IdRange(12, 1012));
        // 11 is an ordinary missing id: waited for; 13..1012 were skipped by a restart: passed at once.
        assertEquals(List.of(), advance(cursor, List.of(12L, 1013L), 0));
        assertEquals(List.of(11L, 12L, 1013L), advance(cursor, List.of(11L, 12L, 1013L), 1));
        assertEquals(List.of(), advance(cursor, List.of(1015L), 2));
        assertTrue(cursor.waitingOnGap(), "1014 is above the range: it may still commit");
    }
}
