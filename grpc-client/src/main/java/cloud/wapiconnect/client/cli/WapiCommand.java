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
 * {@code wapi}: the gRPC API from a shell. Output is one JSON object per line (pipe it to {@code jq});
 * errors go to stderr with the API's error code, and the exit status is 1.
 */
@Command(
        name = "wapi",
        mixinStandardHelpOptions = true,
        version = "wapi 0.1.0",
        description = "WapiConnect over gRPC. The API key comes from the WAPI_KEY environment variable.",
        subcommands = {EventsCommand.class, SendCommand.class, SessionsCommand.class})
public final class WapiCommand {
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
            if (e instanceof WapiClientException w) {
                err.println("error: " + (w.code() == null ? w.status() : w.code()) + ": " + w.getMessage()
                        + (w.metadata().isEmpty() ? "" : " " + w.metadata()));
            } else {
                err.println("error: " + e.getMessage());
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
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
