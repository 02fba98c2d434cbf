package cloud.wapiconnect.portal;

import cloud.wapiconnect.message.DailyTraffic;
import cloud.wapiconnect.webhook.DailyDeliveries;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * The dashboard's charts as inline SVG drawn by the server (templates/chart.mustache): bars per day in a 360-unit
 * wide view box that scales with the page, so that its text is about its nominal size on a phone. Each chart has a
 * title, a text summary ({@code desc}) and its numbers as a table, for screen readers and anyone who wants them.
 */
final class PortalCharts {
    static final int WIDTH = 360;
    static final int HEIGHT = 190;
    private static final double LEFT = 36;
    private static final double RIGHT = 6;
    private static final double TOP = 12;
    private static final double BOTTOM = 22;
    private static final double PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final double PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private PortalCharts() {}

    /** A chart for chart.mustache; coordinates are view-box units, already formatted. */
    record Chart(
            String id,
            int width,
            int height,
            String title,
            String description,
            List<Legend> legend,
            List<Tick> ticks,
            List<Bar> bars,
            Limit limit,
            List<Label> labels,
            String tableSummary,
            List<String> columns,
            List<Row> rows) {}

    record Legend(String series, String label) {}

    record Tick(String x1, String x2, String y, String labelX, String labelY, String label) {}

    record Bar(String series, String x, String y, String width, String height, String tip) {}

    record Limit(String x1, String x2, String y) {}

    record Label(String x, String y, String anchor, String text) {}

    record Row(String day, List<String> cells) {}

    /** Messages sent and received per day, with the plan's daily limit as a line when it is in scale. */
    static Chart traffic(List<DailyTraffic> days, int dailyLimit) {
        long sent = sum(days, DailyTraffic::sent);
        long received = sum(days, DailyTraffic::received);
        long failed = sum(days, DailyTraffic::failed);
        long most = 0;
        for (DailyTraffic d : days) {
            most = Math.max(most, Math.max(d.sent(), d.received()));
        }
        // The limit joins the scale only when it is near the traffic: a limit of 1,000 over a few messages a day
        // would flatten the bars to nothing.
        boolean limitInScale = dailyLimit > 0 && dailyLimit <= most * 3 / 2;
        long max = niceCeiling(limitInScale ? Math.max(most, dailyLimit) : most);
        double slot = PLOT_WIDTH / days.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DailyTraffic d = days.get(i);
            String day = d.day().format(SHORT);
            double x = LEFT + i * slot;
            bar(bars, "sent", x + slot * 0.1, slot * 0.4, 0, d.sent(), max, day + ": " + d.sent() + " sent");
            bar(
                    bars,
                    "received",
                    x + slot * 0.5,
                    slot * 0.4,
                    0,
                    d.received(),
                    max,
                    day + ": " + d.received() + " received");
        }
        String period = period(days.getFirst().day(), days.getLast().day());
        String limitText = dailyLimit > 0 ? "Daily limit: " + grouped(dailyLimit) + "." : "";
        String description = sent + received + failed == 0
                ? "No messages " + period + ". " + limitText
                : grouped(sent) + " sent, " + grouped(received) + " received and " + grouped(failed) + " failed "
                        + period + "; " + busiest(days) + ". " + limitText;
        List<Legend> legend = new ArrayList<>(List.of(new Legend("sent", "Sent"), new Legend("received", "Received")));
        if (dailyLimit > 0) {
            legend.add(new Legend(
                    "limit",
                    limitInScale
                            ? "Daily limit (" + grouped(dailyLimit) + ")"
                            : "Daily limit " + grouped(dailyLimit) + ": above this scale"));
        }
        List<Row> rows = days.stream()
                .map(d -> new Row(d.day().toString(), List.of(num(d.sent()), num(d.received()), num(d.failed()))))
                .toList();
        return new Chart(
                "traffic-chart",
                WIDTH,
                HEIGHT,
                "Messages per day, last " + days.size() + " days",
                description.strip(),
                legend,
                ticks(max),
                bars,
                limitInScale ? new Limit(num(LEFT), num(LEFT + PLOT_WIDTH), num(y(dailyLimit, max))) : null,
                labels(days.stream().map(DailyTraffic::day).toList()),
                "Messages per day as a table",
                List.of("Day (UTC)", "Sent", "Received", "Failed"),
                rows);
    }

    /** Webhook deliveries per day (by the day they were queued), stacked by where they stand now. */
    static Chart deliveries(List<DailyDeliveries> days) {
        long delivered = sum(days, DailyDeliveries::delivered);
        long pending = sum(days, DailyDeliveries::pending);
        long dead = sum(days, DailyDeliveries::dead);
        long cancelled = sum(days, DailyDeliveries::cancelled);
        long most = days.stream().mapToLong(DailyDeliveries::total).max().orElse(0);
        long max = niceCeiling(most);
        double slot = PLOT_WIDTH / days.size();
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            DailyDeliveries d = days.get(i);
            String day = d.day().format(SHORT);
            double x = LEFT + i * slot + slot * 0.15;
            double width = slot * 0.7;
            long base = 0;
            bar(bars, "delivered", x, width, base, d.delivered(), max, day + ": " + d.delivered() + " delivered");
            base += d.delivered();
            bar(bars, "pending", x, width, base, d.pending(), max, day + ": " + d.pending() + " pending");
            base += d.pending();
            bar(bars, "dead", x, width, base, d.dead(), max, day + ": " + d.dead() + " failed");
            base += d.dead();
            bar(bars, "cancelled", x, width, base, d.cancelled(), max, day + ": " + d.cancelled() + " cancelled");
        }
        String period = period(days.getFirst().day(), days.getLast().day());
        String description = most == 0
                ? "No webhook deliveries " + period + "."
                : grouped(delivered) + " delivered, " + grouped(pending) + " pending, " + grouped(dead) + " failed and "
                        + grouped(cancelled) + " cancelled " + period + ".";
        List<Row> rows = days.stream()
                .map(d -> new Row(
                        d.day().toString(),
                        List.of(num(d.delivered()), num(d.pending()), num(d.dead()), num(d.cancelled()))))
                .toList();
        return new Chart(
                "deliveries-chart",
                WIDTH,
                HEIGHT,
                "Webhook deliveries per day, last " + days.size() + " days",
                description,
                List.of(
                        new Legend("delivered", "Delivered"),
                        new Legend("pending", "Pending"),
                        new Legend("dead", "Failed (gave up)"),
                        new Legend("cancelled", "Cancelled")),
                ticks(max),
                bars,
                null,
                labels(days.stream().map(DailyDeliveries::day).toList()),
                "Webhook deliveries per day as a table",
                List.of("Day (UTC)", "Delivered", "Pending", "Failed", "Cancelled"),
                rows);
    }

    private static void bar(
            List<Bar> bars, String series, double x, double width, long base, long value, long max, String tip) {
        if (value <= 0) {
            return;
        }
        double top = y(base + value, max);
        // At least a sliver: a day with one message among thousands still shows.
        double height = Math.max(1, y(base, max) - top);
        bars.add(new Bar(series, num(x), num(y(base, max) - height), num(width), num(height), tip));
    }

    private static double y(long value, long max) {
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * Math.min(value, max) / max;
    }

    private static List<Tick> ticks(long max) {
        List<Long> values = max % 2 == 0 ? List.of(0L, max / 2, max) : List.of(0L, max);
        return values.stream()
                .map(v -> new Tick(
                        num(LEFT),
                        num(LEFT + PLOT_WIDTH),
                        num(y(v, max)),
                        num(LEFT - 4),
                        num(y(v, max) + 4),
                        compact(v)))
                .toList();
    }

    private static List<Label> labels(List<LocalDate> days) {
        double baseline = HEIGHT - 6;
        int middle = days.size() / 2;
        return List.of(
                new Label(num(LEFT), num(baseline), "start", days.getFirst().format(SHORT)),
                new Label(
                        num(LEFT + PLOT_WIDTH * (middle + 0.5) / days.size()),
                        num(baseline),
                        "middle",
                        days.get(middle).format(SHORT)),
                new Label(
                        num(LEFT + PLOT_WIDTH),
                        num(baseline),
                        "end",
                        days.getLast().format(SHORT)));
    }

    /** 1, 2, 5 times a power of ten: the smallest at or above {@code value} (at least 1). */
    static long niceCeiling(long value) {
        long step = 1;
        while (true) {
            for (long f : new long[] {1, 2, 5}) {
                if (f * step >= value) {
                    return f * step;
                }
            }
            step *= 10;
        }
    }

    private static String busiest(List<DailyTraffic> days) {
        DailyTraffic top = days.getFirst();
        for (DailyTraffic d : days) {
            if (d.sent() + d.received() > top.sent() + top.received()) {
                top = d;
            }
        }
        return "the busiest day was " + top.day().format(LONG) + " (" + grouped(top.sent()) + " sent, "
                + grouped(top.received()) + " received)";
    }

    private static String period(LocalDate first, LocalDate last) {
        return "from " + first.format(LONG) + " to " + last.format(LONG) + " (UTC)";
    }

    private static <T> long sum(List<T> days, ToLongFunction<T> count) {
        return days.stream().mapToLong(count).sum();
    }

    private static String compact(long v) {
        return v >= 1_000_000 && v % 100_000 == 0
                ? (v % 1_000_000 == 0 ? v / 1_000_000 + "M" : String.format(Locale.ROOT, "%.1fM", v / 1e6))
                : v >= 10_000 && v % 1_000 == 0 ? v / 1000 + "k" : Long.toString(v);
    }

    private static String grouped(long v) {
        return String.format(Locale.ENGLISH, "%,d", v);
    }

    private static String num(long v) {
        return Long.toString(v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
