package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.BulkJob;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Follows a bulk job until it ends, polling its counters, and shows them on stderr (stdout keeps its JSON lines):
 * on a terminal one line redrawn in place (a carriage return, no escape codes), otherwise a plain line when the
 * status changes and at most every {@link #LINE_EVERY} while it moves. A call that cannot reach the server is tried
 * again until {@link #RECONNECT_FOR} has passed without an answer.
 */
final class JobProgress {
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration LINE_EVERY = Duration.ofSeconds(5);
    static final Duration RECONNECT_FOR = Duration.ofSeconds(60);
    private static final int BAR_CELLS = 16;

    /** How progress shows: {@code auto} is a bar on a terminal and lines elsewhere. */
    enum Style {
        AUTO,
        BAR,
        LINES,
        NONE;

        Style resolved() {
            if (this != AUTO) {
                return this;
            }
            return interactive() && !"dumb".equals(System.getenv("TERM")) ? BAR : LINES;
        }
    }

    private final WapiClient client;
    private final PrintStream out;
    private final Style style;
    private final int width;
    private int drawn;
    private long lastLineAt;
    private String lastState;
    private int lastDone = -1;

    JobProgress(WapiClient client, PrintStream out, Style style) {
        this.client = client;
        this.out = out;
        this.style = style.resolved();
        this.width = columns();
    }

    /**
     * Polls the job until it is completed or failed and returns it as it ended.
     *
     * @throws WapiClientException when the server refuses (BULK_JOB_NOT_FOUND) or stayed unreachable for {@link
     *                             #RECONNECT_FOR}
     */
    BulkJob follow(String jobId) throws InterruptedException {
        long unreachableSince = 0;
        while (true) {
            BulkJob job;
            try {
                job = client.bulkJob(jobId);
                unreachableSince = 0;
            } catch (WapiClientException e) {
                if (!WapiCommand.unreachable(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (unreachableSince == 0) {
                    unreachableSince = now;
                } else if (now - unreachableSince > RECONNECT_FOR.toNanos()) {
                    endLine();
                    throw e;
                }
                Thread.sleep(POLL.toMillis() * 2);
                continue;
            }
            boolean ended = ended(job);
            show(job, ended);
            if (ended) {
                return job;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    static boolean ended(BulkJob job) {
        return job.getStatus() == BulkJobStatus.BULK_JOB_STATUS_COMPLETED
                || job.getStatus() == BulkJobStatus.BULK_JOB_STATUS_FAILED;
    }

    private void show(BulkJob job, boolean ended) {
        switch (style) {
            case BAR -> {
                String text = bar(job, width);
                out.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())));
                drawn = text.length();
                if (ended) {
                    endLine();
                }
            }
            case LINES -> {
                String state = state(job);
                int done = job.getProcessed() + job.getSkipped();
                long now = System.nanoTime();
                if (ended || !state.equals(lastState) || done != lastDone && now - lastLineAt >= LINE_EVERY.toNanos()) {
                    out.println(line(job));
                    lastState = state;
                    lastDone = done;
                    lastLineAt = now;
                }
            }
            case NONE, AUTO -> {}
        }
        out.flush();
    }

    /** Ends a bar that is on screen, so that what follows starts on a line of its own. */
    void endLine() {
        if (drawn > 0) {
            out.println();
            out.flush();
            drawn = 0;
        }
    }

    /** {@code running}, {@code completed}, {@code failed CANCELLED}, {@code running, waiting for session}. */
    static String state(BulkJob job) {
        String status =
                job.getStatus().name().substring("BULK_JOB_STATUS_".length()).toLowerCase(Locale.ROOT);
        if (job.hasError() && !job.getError().getCode().isEmpty()) {
            status += " " + job.getError().getCode();
        }
        if (!job.getWaitingFor().isEmpty()) {
            status += ", waiting for " + job.getWaitingFor();
        }
        return status;
    }

    static String counters(BulkJob job) {
        int remaining = Math.max(0, job.getTotal() - job.getProcessed() - job.getSkipped());
        return "sent " + job.getSucceeded() + ", failed " + job.getFailed() + ", skipped " + job.getSkipped()
                + ", remaining " + remaining;
    }

    static int percent(BulkJob job) {
        return job.getTotal() == 0 ? 100 : (int) (100L * (job.getProcessed() + job.getSkipped()) / job.getTotal());
    }

    /**
     * The terminal's line: {@code [#######---------]  45% 9/20 running: sent 8, failed 1, skipped 0, remaining
     * 11}, the state before the counters so that a narrow terminal cuts the counters.
     */
    static String bar(BulkJob job, int width) {
        int done = job.getProcessed() + job.getSkipped();
        int filled = job.getTotal() == 0 ? BAR_CELLS : (int) ((long) BAR_CELLS * done / job.getTotal());
        String text = "[" + "#".repeat(filled) + "-".repeat(BAR_CELLS - filled) + "] "
                + String.format(Locale.ROOT, "%3d%% ", percent(job)) + done + "/" + job.getTotal() + " "
                + state(job) + ": " + counters(job);
        // One column short of the width: a line that fills it wraps on some terminals, and \r then redraws below.
        return text.length() < width ? text : text.substring(0, Math.max(0, width - 4)) + "...";
    }

    /** A line for logs: {@code job 65f… running: 9/20 (45%) sent 8, failed 1, skipped 0, remaining 11}. */
    static String line(BulkJob job) {
        int done = job.getProcessed() + job.getSkipped();
        return "job " + job.getJobId() + " " + state(job) + ": " + done + "/" + job.getTotal() + " (" + percent(job)
                + "%) " + counters(job);
    }

    /** Whether stdin and stdout are a terminal (JDK 22+ says so; on 21 a console exists only then). */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private static int columns() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? 80 : Math.max(20, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
