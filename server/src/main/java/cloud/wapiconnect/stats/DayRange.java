package cloud.wapiconnect.stats;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive UTC days (the days of the daily limit), as bounds in epoch milliseconds: a query counts rows whose
 * time is in {@code [startMillis, endMillis)} and groups them by {@code FLOOR((time - startMillis) / DAY_MILLIS)},
 * which both databases compute alike, rather than by a date function each spells its own way.
 */
public record DayRange(LocalDate first, int days) {
    public static final long DAY_MILLIS = 86_400_000L;

    public DayRange {
        if (days < 1) {
            throw new IllegalArgumentException("days " + days);
        }
    }

    /** The {@code days} days that end with today (UTC). */
    public static DayRange endingToday(Clock clock, int days) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new DayRange(today.minusDays(days - 1L), days);
    }

    public long startMillis() {
        return first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    public long endMillis() {
        return startMillis() + days * DAY_MILLIS;
    }

    public LocalDate day(int index) {
        return first.plusDays(index);
    }

    public LocalDate last() {
        return day(days - 1);
    }

    public List<LocalDate> list() {
        List<LocalDate> all = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            all.add(day(i));
        }
        return all;
    }
}
