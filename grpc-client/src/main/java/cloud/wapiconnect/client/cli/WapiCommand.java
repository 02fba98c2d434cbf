package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code wapi}: the gRPC API from a shell. Output is one JSON object per line (pipe it to {@code jq}); errors go to
 * stderr with the API's error code. Exit statuses: {@link #OK}, {@link #API_ERROR}, {@link #USAGE},
 * {@link #UNREACHABLE}, {@link #JOB_FAILED}.
 */
@Command(
        name = "wapi",
        mixinStandardHelpOptions = true,
        version = "wapi 0.1.0",
        description = "WapiConnect over gRPC. The API key comes from the WAPI_KEY environment variable.",
        subcommands = {BulkCommand.class, EventsCommand.class, SendCommand.class, SessionsCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:the server refused (its error code on stderr)",
            "2:usage: bad options or input file, WAPI_KEY unset",
            "3:the server could not be reached (or did not answer in time)",
            "4:the bulk job ended failed (cancelled too)"
        })
public final class WapiCommand {
    public static final int OK = 0;
    /** The server answered with an error (the API's error code is printed). */
    public static final int API_ERROR = 1;
    /** Bad options or input (picocli's own usage status). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    /** No answer from the server: no connection, or the deadline passed. */
    public static final int UNREACHABLE = 3;
    /** A bulk job the command followed or looked at ended {@code failed} (cancelled included). */
    public static final int JOB_FAILED = 4;

    @Option(
            names = {"-s", "--server"},
            scope = ScopeType.INHERIT,
            defaultValue = "${env:WAPI_SERVER:-localhost:8080}",
            description = "host:port of the server (env WAPI_SERVER; default ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--tls", scope = ScopeType.INHERIT, description = "use TLS (default: plaintext HTTP/2)")
    boolean tls;

    static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new WapiCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            PrintWriter err = line.getErr();
            int status = API_ERROR;
            if (e instanceof WapiClientException w) {
                err.println("error: " + (w.code() == null ? w.status() : w.code()) + ": " + w.getMessage()
                        + (w.metadata().isEmpty() ? "" : " " + w.metadata()));
                status = unreachable(w) ? UNREACHABLE : API_ERROR;
            } else if (e instanceof UsageError) {
                err.println("error: " + e.getMessage());
                status = USAGE;
            } else {
                err.println("error: " + e.getMessage());
            }
            err.flush();
            return status;
        });
        return cli.execute(args);
    }

    /** A failure that never got the server's answer: no connection, or no answer before the deadline. */
    static boolean unreachable(WapiClientException e) {
        return e.code() == null
                && (e.status() == io.grpc.Status.Code.UNAVAILABLE
                        || e.status() == io.grpc.Status.Code.DEADLINE_EXCEEDED);
    }

    WapiClient client() {
        String key = System.getenv("WAPI_KEY");
        if (key == null || key.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "Set WAPI_KEY to the tenant's API key");
        }
        return WapiClient.builder(server, key.trim()).tls(tls).build();
    }

    static void print(MessageOrBuilder message) {
        try {
            System.out.println(JSON.print(message));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base of the subcommands: reach the shared options. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.ParentCommand
        WapiCommand parent;
    }
}
