package cloud.wapiconnect.transport;

import cloud.wapiconnect.config.WapiConfig;
import io.helidon.common.socket.SocketOptions;
import io.helidon.microprofile.server.ServerBuilders;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ProtocolConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What the HTTP port serves at most, set on Helidon's server builder before the server is built: the
 * connection cap ({@code WAPI_HTTP_MAX_CONNECTIONS}, Helidon's {@code max-tcp-connections}: past it new
 * connections wait in the listen backlog and cost the process no open file), the idle timeout (Helidon's own
 * for HTTP/2 connections with no open stream; {@link ConnectionGuard} for HTTP/1.1, together with the header
 * and body timeouts), the HTTP/1.1 listeners that refuse ambiguous framing ({@link RequestFraming}), and
 * {@code TCP_NODELAY} on every connection.
 * The cap is well below the process's open-file limit, so that the database, the bridge and log files still
 * get theirs while the port is full.
 */
@ApplicationScoped
public class TransportLimits {
    private static final Logger LOGGER = Logger.getLogger(TransportLimits.class.getName());
    /** The automatic cap: half the files the process has left at start-up, at least {@link #AUTO_MIN}, at most {@link #AUTO_MAX}. */
    private static final int AUTO_MAX = 10_000;

    private static final int AUTO_MIN = 64;

    /** After Helidon read its configuration, before it builds the server (4100). */
    void install(
            @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) @Initialized(ApplicationScoped.class)
                    Object ignored,
            ServerCdiExtension server,
            WapiConfig config) {
        WapiConfig.HttpConfig http = config.http();
        WebServerConfig.Builder builder = ServerBuilders.of(server);
        int cap = http.maxConnections() > 0 ? http.maxConnections() : automaticCap(openFileLimit(), openFiles());
        builder.maxTcpConnections(cap);
        builder.idleConnectionTimeout(http.idleTimeout());
        // Helidon looks for idle connections this often (its default: every 2 minutes).
        builder.idleConnectionPeriod(
                Duration.ofMillis(Math.clamp(http.idleTimeout().toMillis() / 4, 100, 10_000)));
        // Small writes (an event, a stream's trailers) leave at once rather than waiting for the client's ACK of
        // the one before (Nagle; Helidon's default leaves it on, gRPC servers turn it off). A stream's trailers
        // held back like that, then dropped by a close that resets the connection, reached the client as
        // "Network closed for unknown reason" instead of the status (ShutdownIT, once in CI).
        SocketOptions.Builder options = SocketOptions.builder();
        builder.connectionOptions().ifPresent(options::from);
        builder.connectionOptions(options.tcpNoDelay(true).build());

        List<ProtocolConfig> protocols = new ArrayList<>();
        Http1Config http1 = null;
        for (ProtocolConfig protocol : builder.protocols()) {
            if (protocol instanceof Http1Config found) {
                http1 = found;
            } else {
                protocols.add(protocol);
            }
        }
        Http1Config.Builder guarded =
                http1 == null ? Http1Config.builder() : Http1Config.builder().from(http1);
        // Named as the one Helidon discovers, so that it replaces it rather than serving next to it.
        protocols.add(guarded.name("http_1_1")
                .addReceiveListener(RequestFraming.RECEIVE)
                .addSendListener(RequestFraming.SEND)
                .build());
        builder.protocols(protocols);

        long files = openFileLimit();
        if (files > 0 && cap > (files - openFiles()) / 2 && cap > AUTO_MIN) {
            LOGGER.warning(
                    () -> "WAPI_HTTP_MAX_CONNECTIONS=" + cap
                            + " is more than half the files left under the open-file limit (" + files
                            + "): a full port can starve the database and the log of files; the listener backs off at the limit");
        }
        ClientGone.quietJersey();
        ConnectionGuard.configure(ConnectionGuard.Limits.of(
                http.headerTimeout(), http.bodyTimeout(), http.bodyMinRate(), http.idleTimeout()));
        LOGGER.info(() -> "HTTP port: at most " + cap + " connections at once (open-file limit "
                + (openFileLimit() < 0 ? "unknown" : openFileLimit()) + "); header timeout "
                + http.headerTimeout().toMillis() + " ms, body pause "
                + http.bodyTimeout().toMillis()
                + " ms, idle " + http.idleTimeout().toMillis() + " ms");
    }

    /**
     * Half the files left under the open-file limit (the server holds some 200 at start-up, mostly its jars),
     * at least {@value #AUTO_MIN}, at most {@value #AUTO_MAX}; {@value #AUTO_MAX} when the limit is unknown.
     */
    static int automaticCap(long openFileLimit, long openFiles) {
        if (openFileLimit <= 0) {
            return AUTO_MAX;
        }
        return (int) Math.clamp((openFileLimit - Math.max(0, openFiles)) / 2, AUTO_MIN, AUTO_MAX);
    }

    private static long openFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getOpenFileDescriptorCount()
                : 0;
    }

    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
    }
}
