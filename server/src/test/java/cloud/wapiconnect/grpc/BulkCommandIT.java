package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code wapi bulk} as users run it: the packaged command ({@code grpc-client/target/wapi.jar}) in a process of its
 * own against the test server over gRPC, on the sandbox engine, read by its exit status, stdout and stderr.
 */
@HelidonTest
class BulkCommandIT {
    private static final Path JAR = Path.of("..", "grpc-client", "target", "wapi.jar");

    @Inject
    WebTarget target;

    private Path dir;

    private Api api;
    private String key;

    @BeforeEach
    void tenant() throws IOException {
        // (Helidon's test extension makes the instance, so JUnit's @TempDir is not injected.)
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "bulk-command-");
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        api.readySession(key, "main", "919800000200");
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is built by the grpc-client module's package");
    }

    @Test
    void sendFromACsvFollowsTheJobToCompletedAndExitsZero() throws Exception {
        Path csv = write("people.csv", """
                Phone,Name,Shop
                919876543210,Asha,Main St
                919876543211,"Ravi, Jr.",Mall Rd
                919876543212,,Main St
                919876543210,Asha again,Nowhere
                """);
        Run run = wapi(
                key,
                null,
                "bulk",
                "send",
                "--session",
                "main",
                "--csv",
                csv.toString(),
                "--message",
                "Hi {{name}}, see you at {{shop}} ({{phone}})",
                "--delay-min",
                "0",
                "--delay-max",
                "20");

        assertEquals(0, run.exit(), run.toString());
        List<String> out = run.outLines();
        assertEquals(2, out.size(), run.toString());
        assertTrue(out.get(0).matches("\\{\"jobId\":\"[0-9a-f]{24}\",\"total\":3,\"duplicatesRemoved\":1}"), run.out());
        String jobId = jobId(out.get(0));
        assertTrue(out.get(1).contains("\"status\":\"BULK_JOB_STATUS_COMPLETED\""), out.get(1));
        assertTrue(out.get(1).contains("\"succeeded\":3"), out.get(1));
        // Not a terminal: plain lines, the last one the end.
        assertTrue(
                run.err().contains("job " + jobId + " completed: 3/3 (100%) sent 3, failed 0, skipped 0, remaining 0"),
                run.err());
        assertTrue(!run.err().contains("\r"), "no carriage returns off a terminal");
        assertEquals(
                Set.of(
                        "Hi Asha, see you at Main St (919876543210)",
                        "Hi Ravi, Jr., see you at Mall Rd (919876543211)",
                        "Hi , see you at Main St (919876543212)"),
                deliveredTexts());
    }

    @Test
    void theBarRedrawsOneLineAndTheCsvMayComeFromStdin() throws Exception {
        Run run = wapi(
                key,
                "phone;name\n919876543220;Mira\n919876543221;Om\n",
                "bulk",
                "send",
                "--session",
                "main",
                "--csv",
                "-",
                "--delimiter",
                ";",
                "-m",
                "Hello {{name}}",
                "--delay-min",
                "600",
                "--delay-max",
                "600",
                "--progress",
                "bar");

        assertEquals(0, run.exit(), run.toString());
        // String.lines() would split at the carriage returns too
        String bars = Stream.of(run.err().split("\n"))
                .filter(l -> l.contains("\r"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(run.toString()));
        List<String> frames = List.of(bars.split("\r"));
        assertTrue(frames.size() >= 3, "redrawn in place while it ran: " + frames);
        assertTrue(
                frames.getLast()
                        .strip()
                        .equals("[################] 100% 2/2 completed: sent 2, failed 0, skipped 0, remaining 0"),
                frames.getLast());
        assertEquals(Set.of("Hello Mira", "Hello Om"), deliveredTexts());
    }

    @Test
    void aJobThatFailsExitsFourWithItsErrorCode() throws Exception {
        String small = api.tenantOnPlan("cli-limit-2", 1, 2).key();
        api.readySession(small, "main", "919800000201");
        Path csv = write("four.csv", "phone\n919876543230\n919876543231\n919876543232\n919876543233\n");

        Run run = wapi(
                small,
                null,
                "bulk",
                "send",
                "--session",
                "main",
                "--csv",
                csv.toString(),
                "-m",
                "x",
                "--delay-min",
                "0",
                "--delay-max",
                "0");

        assertEquals(4, run.exit(), run.toString());
        assertTrue(run.outLines().getLast().contains("\"status\":\"BULK_JOB_STATUS_FAILED\""), run.out());
        assertTrue(run.err().contains("error: the job failed: SENT_LIMIT_EXCEEDED"), run.err());
        assertTrue(run.err().contains("failed SENT_LIMIT_EXCEEDED: 4/4 (100%) sent 2, failed 0, skipped 2"), run.err());
    }

    @Test
    void detachReturnsTheIdAtOnceThenCancelStatusAndRecipientsWorkOnIt() throws Exception {
        Path csv = write(
                "five.csv",
                "phone,name\n919876543240,A\n919876543241,B\n919876543242,C\n919876543243,D\n919876543244,E\n");
        Run started = wapi(
                key,
                null,
                "bulk",
                "send",
                "--session",
                "main",
                "--csv",
                csv.toString(),
                "-m",
                "slow {{name}}",
                "--delay-min",
                "1500",
                "--delay-max",
                "1500",
                "--detach");
        assertEquals(0, started.exit(), started.toString());
        assertEquals(1, started.outLines().size(), started.toString());
        String jobId = jobId(started.outLines().getFirst());
        Run running = wapi(key, null, "bulk", "status", jobId);
        assertEquals(0, running.exit(), "a job that has not failed: " + running);
        assertTrue(running.outLines().getFirst().contains("\"jobId\":\"" + jobId + "\""), running.out());

        Run cancelled = wapi(key, null, "bulk", "cancel", jobId);
        assertEquals(0, cancelled.exit(), cancelled.toString());
        String job = cancelled.outLines().getFirst();
        assertTrue(job.contains("\"status\":\"BULK_JOB_STATUS_FAILED\""), job);
        assertTrue(job.contains("\"cancelled\":true"), job);
        assertTrue(job.contains("\"code\":\"CANCELLED\""), job);

        Run status = wapi(key, null, "bulk", "status", jobId);
        assertEquals(4, status.exit(), "a failed (cancelled) job: " + status);
        Run again = wapi(key, null, "bulk", "cancel", jobId);
        assertEquals(1, again.exit(), again.toString());
        assertTrue(again.err().contains("error: BULK_JOB_FINISHED"), again.err());

        Run recipients = wapi(key, null, "bulk", "recipients", jobId);
        assertEquals(0, recipients.exit(), recipients.toString());
        assertEquals(5, recipients.outLines().size(), recipients.toString());
        assertTrue(recipients.outLines().getFirst().contains("\"phone\":\"919876543240\""), recipients.out());
        assertTrue(recipients.outLines().getFirst().contains("\"name\":\"A\""), recipients.out());
        Run skipped = wapi(key, null, "bulk", "recipients", jobId, "--status", "skipped");
        assertEquals(0, skipped.exit(), skipped.toString());
        assertTrue(!skipped.outLines().isEmpty(), "cancelled before the last sends: " + recipients.out());
        assertTrue(
                skipped.outLines().stream().allMatch(l -> l.contains("BULK_RECIPIENT_STATUS_SKIPPED")), skipped.out());

        Run list = wapi(key, null, "bulk", "--session", "main");
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.outLines().getFirst().contains(jobId), list.out());
    }

    @Test
    void usageAndConnectionErrorsHaveStatusesOfTheirOwnAndStartNothing() throws Exception {
        Path csv = write("cities.csv", "phone,name,city\n919876543250,Asha,Pune\n919876543251,Ravi,Delhi\n");
        Run typo = wapi(key, null, "bulk", "send", "--session", "main", "--csv", csv.toString(), "-m", "{{ctiy}}");
        assertEquals(2, typo.exit(), typo.toString());
        assertTrue(
                typo.err().contains("{{ctiy}} names no column of the CSV (its columns: phone, name, city)"),
                typo.err());
        Run noFile = wapi(
                key,
                null,
                "bulk",
                "send",
                "--session",
                "main",
                "--csv",
                dir.resolve("nope.csv").toString());
        assertEquals(2, noFile.exit(), noFile.toString());
        Run noKey = wapi(null, null, "bulk", "status", "0123456789abcdef01234567");
        assertEquals(2, noKey.exit(), noKey.toString());
        assertEquals(0, wapi(key, null, "bulk").outLines().size(), "no job was started");

        Run unknown = wapi(key, null, "bulk", "status", "0123456789abcdef01234567");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("error: BULK_JOB_NOT_FOUND"), unknown.err());
        Run noSession = wapi(key, null, "bulk", "send", "--session", "nope", "--csv", csv.toString(), "-m", "x");
        assertEquals(1, noSession.exit(), noSession.toString());
        assertTrue(noSession.err().contains("error: SESSION_NOT_FOUND"), noSession.err());

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Run unreachable = wapi(key, null, "--server", "127.0.0.1:" + closed, "bulk", "status", "x");
        assertEquals(3, unreachable.exit(), unreachable.toString());
    }

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs the packaged command with the key (none when null) and stdin (empty when null). */
    private Run wapi(String apiKey, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("WAPI_KEY");
        builder.environment().remove("COLUMNS");
        if (apiKey != null) {
            builder.environment().put("WAPI_KEY", apiKey);
        }
        builder.environment().put("WAPI_SERVER", Grpc.target(target.getUri()));
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        builder.redirectOutput(out).redirectError(err);
        if (stdin != null) {
            Path in = write("stdin-" + System.nanoTime(), stdin);
            builder.redirectInput(in.toFile());
        }
        Process process = builder.start();
        if (stdin == null) {
            process.getOutputStream().close();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wapi " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String jobId(String startedLine) {
        int at = startedLine.indexOf("\"jobId\":\"") + "\"jobId\":\"".length();
        return startedLine.substring(at, startedLine.indexOf('"', at));
    }

    @SuppressWarnings("unchecked")
    private Set<String> deliveredTexts() {
        List<Map<String, Object>> messages = (List<Map<String, Object>>)
                api.get("/api/sandbox/session/main/delivered", key).get("messages");
        return messages.stream().map(m -> (String) m.get("message")).collect(Collectors.toCollection(HashSet::new));
    }
}
