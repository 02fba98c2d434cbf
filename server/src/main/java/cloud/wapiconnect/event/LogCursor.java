package cloud.wapiconnect.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Where an in-order reader of the event log stands, and the rule that keeps it from skipping events.
 * <p>
 * Ids are handed out before commit ({@link EventIdSource#AUTO_INCREMENT}), so a reader can see 11 while 10 is
 * still being written, or never will be (rolled back); where the database steps AUTO_INCREMENT (Galera) they
 * come from a counter row held by the writing transaction ({@link EventIdSource#COUNTER}) and commit in order.
 * Either way a reader must not skip a missing id that may still come: a reader that moved past a missing 10
 * while 11 is visible would never see 10 if it came. So the cursor only moves over a missing id once the row
 * after it has been known for a grace period: every missing id below that row was taken before it, so a write
 * that has not committed in that time is taken never to come. Ids known never to be written (those
 * {@link EventIdFloor} skipped at start-up) are not waited for.
 * <p>
 * Not thread-safe: one reader owns it.
 */
final class LogCursor {
    private final long graceMillis;
    private final Map<Long, Long> blockedSince = new HashMap<>();
    private long position;
    private EventIdFloor.IdRange neverWritten = new EventIdFloor.IdRange(0, 0);

    LogCursor(long position, long graceMillis) {
        this.position = position;
        this.graceMillis = graceMillis;
    }

    /** Every id up to this one has been delivered or given up on. */
    long position() {
        return position;
    }

    /** Ids in this range will never be written: a gap made only of them is passed at once. */
    void neverWritten(EventIdFloor.IdRange range) {
        neverWritten = range;
    }

    /** Whether the last batch stopped at a missing id that may still commit. */
    boolean waitingOnGap() {
        return !blockedSince.isEmpty();
    }

    // blockedSince holds at most one batch of ids above the position: it is pruned as the position moves.

    /**
     * Takes a batch read after {@link #position()} (ascending ids) and returns, in order, the rows that
     * can be delivered now; the cursor moves past them. Rows behind a missing id that is still within
     * its grace period are held back (they are read again next time).
     */
    <T> List<T> advance(List<T> batch, ToLongFunction<T> idOf, long nowMillis) {
        List<T> ready = new ArrayList<>(batch.size());
        // Every row read now was committed now at the latest: note when each was first seen.
        for (T row : batch) {
            long id = idOf.applyAsLong(row);
            if (id > position + 1) {
                blockedSince.putIfAbsent(id, nowMillis);
            }
        }
        for (T row : batch) {
            long id = idOf.applyAsLong(row);
            if (id <= position) {
                continue;
            }
            if (id != position + 1 && !onlyNeverWrittenBefore(id)) {
                if (nowMillis - blockedSince.getOrDefault(id, nowMillis) < graceMillis) {
                    break;
                }
            }
            position = id;
            ready.add(row);
        }
        blockedSince.keySet().removeIf(id -> id <= position);
        return ready;
    }

    private boolean onlyNeverWrittenBefore(long id) {
        return position >= neverWritten.after() && id - 1 <= neverWritten.through();
    }
}
