package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.BulkJob;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import cloud.wapiconnect.proto.v1.BulkRecipient;
import cloud.wapiconnect.proto.v1.BulkRecipientInput;
import cloud.wapiconnect.proto.v1.BulkRecipientStatus;
import cloud.wapiconnect.proto.v1.ListBulkJobsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsResponse;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.StartBulkJobRequest;
import cloud.wapiconnect.proto.v1.StartBulkJobResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "bulk",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the tenant's bulk jobs, newest first (one JSON line each); subcommands start and follow them.",
        },
        subcommands = {
            BulkCommand.Send.class,
            BulkCommand.Status.class,
            BulkCommand.Cancel.class,
            BulkCommand.Recipients.class
        })
final class BulkCommand extends WapiCommand.Sub {
    @Option(names = "--session", description = "only this session's jobs")
    String session;

    @Option(names = "--status", description = "only jobs that are pending, running, completed or failed")
    String status;

    @Option(names = "--limit", defaultValue = "20", description = "how many (1-1000, default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        ListBulkJobsRequest.Builder request = ListBulkJobsRequest.newBuilder().setLimit(limit);
        if (session != null) {
            request.setSessionId(session);
        }
        if (status != null) {
            request.setStatus(jobStatus(status));
        }
        try (WapiClient client = parent.client()) {
            for (BulkJob job : client.listBulkJobs(request.build()).getJobsList()) {
                WapiCommand.print(job);
            }
        }
        return WapiCommand.OK;
    }

    private static BulkJobStatus jobStatus(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "pending" -> BulkJobStatus.BULK_JOB_STATUS_PENDING;
            case "running" -> BulkJobStatus.BULK_JOB_STATUS_RUNNING;
            case "completed" -> BulkJobStatus.BULK_JOB_STATUS_COMPLETED;
            case "failed" -> BulkJobStatus.BULK_JOB_STATUS_FAILED;
            default -> throw new UsageError("--status is pending, running, completed or failed, not " + name);
        };
    }

    /** The exit status of a job as it is now: {@link WapiCommand#JOB_FAILED} once it has failed. */
    static int exitStatus(BulkJob job) {
        return job.getStatus() == BulkJobStatus.BULK_JOB_STATUS_FAILED ? WapiCommand.JOB_FAILED : WapiCommand.OK;
    }

    /** Follows a job with a progress display, then prints it; the exit status says how it ended. */
    static int watch(WapiClient client, String jobId, JobProgress.Style style) throws InterruptedException {
        JobProgress progress = new JobProgress(client, System.err, style);
        // Ctrl-C stops watching, not the job: say how to find it again.
        Thread hint = new Thread(() -> {
            progress.endLine();
            System.err.println(
                    "job " + jobId + " goes on: wapi bulk status " + jobId + " --watch, or wapi bulk cancel " + jobId);
        });
        Runtime.getRuntime().addShutdownHook(hint);
        BulkJob job;
        try {
            job = progress.follow(jobId);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // the hint is printing
            }
        }
        WapiCommand.print(job);
        if (job.getStatus() == BulkJobStatus.BULK_JOB_STATUS_FAILED) {
            System.err.println("error: the job failed: " + job.getError().getCode() + ": "
                    + job.getError().getMessage());
        }
        return exitStatus(job);
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        BulkCommand bulk;

        WapiClient client() {
            return bulk.parent.client();
        }
    }

    @Command(
            name = "send",
            mixinStandardHelpOptions = true,
            description = {
                "Starts a bulk job for the recipients of a CSV file and shows its progress until it ends"
                        + " (or, with --detach, prints its id and returns).",
                "The CSV has a header row with a phone column, optionally name and any other columns; the server"
                        + " fills {{name}}, {{phone}} and {{column}} (any column, by its name in any case) for each"
                        + " recipient.",
                "Prints the job's id (JSON) at once, then the job as it ended. Exit status 4 when the job failed."
            })
    static final class Send extends Sub {
        /** gRPC's default message size is 4 MiB; base64 takes a third more. */
        static final long MAX_MEDIA_BYTES = 3L * 1024 * 1024;

        @Option(names = "--session", required = true, description = "the sending session")
        String session;

        @Option(names = "--csv", required = true, description = "the recipients (a file, or - for stdin)")
        String csv;

        @Option(
                names = "--delimiter",
                defaultValue = ",",
                description = "the CSV's field separator (default ${DEFAULT-VALUE}; ; as some spreadsheets write)")
        char delimiter;

        @Option(
                names = {"-m", "--message"},
                description = "the text, or the media's caption ({{name}}, {{phone}}, {{column}})")
        String message;

        @Option(names = "--header", description = "texts: shown in bold above")
        String header;

        @Option(names = "--footer", description = "texts: shown in italics below")
        String footer;

        @Option(names = "--media", description = "a file to send to everyone (image, video, audio or document)")
        Path media;

        @Option(names = "--media-url", description = "media: a URL the server fetches, instead of --media")
        String mediaUrl;

        @Option(
                names = "--type",
                description =
                        "text, image, video, audio, document or sticker (default: text, or from the media's type)")
        String type;

        @Option(names = "--file-name", description = "documents: the file name shown (default: the file's)")
        String fileName;

        @Option(names = "--delay-min", description = "ms, the shortest pause between two sends (server default 2000)")
        Integer delayMin;

        @Option(names = "--delay-max", description = "ms, the longest pause between two sends (server default 5000)")
        Integer delayMax;

        @Option(
                names = "--skip-not-on-whatsapp",
                description = "check each number before its send and skip those without WhatsApp")
        boolean skipNotOnWhatsApp;

        @Option(names = "--detach", description = "print the job's id and return at once")
        boolean detach;

        @Option(
                names = "--progress",
                defaultValue = "auto",
                description = "auto (a bar on a terminal, lines otherwise), bar, lines or none")
        String progress;

        @Override
        public Integer call() throws Exception {
            JobProgress.Style style = style(progress);
            BulkCsv rows = BulkCsv.parse(readCsv(), delimiter);
            BulkTemplate template = new BulkTemplate(rows);
            StartBulkJobRequest.Builder request = StartBulkJobRequest.newBuilder()
                    .setSessionId(session)
                    .setContent(content(template))
                    .setSkipNotOnWhatsapp(skipNotOnWhatsApp);
            for (BulkCsv.Row row : rows.rows()) {
                request.addRecipients(BulkRecipientInput.newBuilder()
                        .setPhone(row.phone())
                        .setName(row.name())
                        .putAllVariables(template.variables(row)));
            }
            if (delayMin != null) {
                request.setDelayMin(delayMin);
            }
            if (delayMax != null) {
                request.setDelayMax(delayMax);
            }
            try (WapiClient client = client()) {
                StartBulkJobResponse started = client.startBulkJob(request.build());
                WapiCommand.print(started);
                System.out.flush();
                if (detach) {
                    return WapiCommand.OK;
                }
                return watch(client, started.getJobId(), style);
            }
        }

        private String readCsv() throws IOException {
            if (csv.equals("-")) {
                return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path path = Path.of(csv);
            if (!Files.isRegularFile(path)) {
                throw new UsageError("no such file: " + csv);
            }
            return Files.readString(path, StandardCharsets.UTF_8);
        }

        private MessageContent content(BulkTemplate template) throws IOException {
            if (media != null && mediaUrl != null) {
                throw new UsageError("--media or --media-url, not both");
            }
            MessageContent.Builder content = MessageContent.newBuilder();
            String mime = null;
            if (media != null) {
                if (!Files.isRegularFile(media)) {
                    throw new UsageError("no such file: " + media);
                }
                if (Files.size(media) > MAX_MEDIA_BYTES) {
                    throw new UsageError(media + " is larger than " + MAX_MEDIA_BYTES / 1024 / 1024
                            + " MiB: put it at a URL and use --media-url");
                }
                mime = mimeType(media);
                content.setMediaBase64(Base64.getEncoder().encodeToString(Files.readAllBytes(media)));
                if (mime != null) {
                    content.setMediaMimeType(mime);
                }
            } else if (mediaUrl != null) {
                content.setMediaUrl(mediaUrl);
            }
            String kind = type != null ? type : media == null && mediaUrl == null ? "text" : mediaKind(mime);
            content.setType(kind);
            if (media != null && kind.equals("document")) {
                content.setFileName(
                        fileName != null ? fileName : media.getFileName().toString());
            } else if (fileName != null) {
                content.setFileName(fileName);
            }
            if (message != null) {
                content.setMessage(template.fill(message));
            } else if (kind.equals("text")) {
                throw new UsageError("--message is needed for a text (or --media for a file)");
            }
            if (header != null) {
                content.setHeader(template.fill(header));
            }
            if (footer != null) {
                content.setFooter(template.fill(footer));
            }
            return content.build();
        }

        /** From the file's first bytes, then its name; null lets the server sniff it. */
        private static String mimeType(Path file) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                String sniffed = URLConnection.guessContentTypeFromStream(new java.io.BufferedInputStream(in));
                if (sniffed != null) {
                    return sniffed;
                }
            }
            String probed = Files.probeContentType(file);
            return probed != null
                    ? probed
                    : URLConnection.guessContentTypeFromName(file.getFileName().toString());
        }

        private static String mediaKind(String mime) {
            if (mime == null) {
                return "document";
            }
            if (mime.startsWith("image/")) {
                return "image";
            }
            if (mime.startsWith("video/")) {
                return "video";
            }
            if (mime.startsWith("audio/")) {
                return "audio";
            }
            return "document";
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Prints a job; with --watch, follows it with a progress display until it ends.",
                "Exit status 4 when the job has failed."
            })
    static final class Status extends Sub {
        @Parameters(index = "0", description = "the job's id")
        String jobId;

        @Option(
                names = {"-w", "--watch"},
                description = "follow the job until it ends")
        boolean watch;

        @Option(
                names = "--progress",
                defaultValue = "auto",
                description = "with --watch: auto (a bar on a terminal, lines otherwise), bar, lines or none")
        String progress;

        @Override
        public Integer call() throws Exception {
            JobProgress.Style style = style(progress);
            try (WapiClient client = client()) {
                if (watch) {
                    return watch(client, jobId, style);
                }
                BulkJob job = client.bulkJob(jobId);
                WapiCommand.print(job);
                return exitStatus(job);
            }
        }
    }

    @Command(
            name = "cancel",
            mixinStandardHelpOptions = true,
            description = "Cancels a job: recipients not yet sent are skipped; it ends failed with CANCELLED.")
    static final class Cancel extends Sub {
        @Parameters(index = "0", description = "the job's id")
        String jobId;

        @Override
        public Integer call() {
            try (WapiClient client = client()) {
                WapiCommand.print(client.cancelBulkJob(jobId));
            }
            return WapiCommand.OK;
        }
    }

    @Command(
            name = "recipients",
            mixinStandardHelpOptions = true,
            description = "Prints a job's recipients in list order with their outcome (one JSON line each).")
    static final class Recipients extends Sub {
        private static final int PAGE = 1000;

        @Parameters(index = "0", description = "the job's id")
        String jobId;

        @Option(names = "--status", description = "only those pending, sent, failed or skipped")
        String status;

        @Override
        public Integer call() {
            ListBulkRecipientsRequest.Builder request =
                    ListBulkRecipientsRequest.newBuilder().setJobId(jobId).setLimit(PAGE);
            if (status != null) {
                request.setStatus(recipientStatus(status));
            }
            try (WapiClient client = client()) {
                for (int page = 1; ; page++) {
                    ListBulkRecipientsResponse answer =
                            client.listBulkRecipients(request.setPage(page).build());
                    for (BulkRecipient recipient : answer.getRecipientsList()) {
                        WapiCommand.print(recipient);
                    }
                    if (page >= answer.getPages()) {
                        return WapiCommand.OK;
                    }
                }
            }
        }

        private static BulkRecipientStatus recipientStatus(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "pending" -> BulkRecipientStatus.BULK_RECIPIENT_STATUS_PENDING;
                case "sent" -> BulkRecipientStatus.BULK_RECIPIENT_STATUS_SENT;
                case "failed" -> BulkRecipientStatus.BULK_RECIPIENT_STATUS_FAILED;
                case "skipped" -> BulkRecipientStatus.BULK_RECIPIENT_STATUS_SKIPPED;
                default -> throw new UsageError("--status is pending, sent, failed or skipped, not " + name);
            };
        }
    }

    static JobProgress.Style style(String name) {
        try {
            return JobProgress.Style.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageError("--progress is auto, bar, lines or none, not " + name);
        }
    }
}
