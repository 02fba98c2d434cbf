package cloud.wapiconnect.util;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The packaged server ({@code target/wapi-server.jar}) as a separate operating-system process. */
public final class ServerProcess implements AutoCloseable {
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    public ServerProcess(Map<String, String> environment, Path log) {
        this.port = freePort();
        this.environment = environment;
        this.log = log;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server and waits until it is ready. */
    public ServerProcess start() {
        Path jar = Path.of("target", "wapi-server.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the server first (mvn verify builds it before integration tests)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("WAPI_PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Api api = new Api(uri());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (api.send("GET", "/health/ready", Map.of(), null).status() == 200) {
                    return this;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            sleep(200);
        }
        throw new IllegalStateException("Server did not become ready; see " + log);
    }

    /** SIGKILL: no shutdown hooks, no chance to tidy up. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static File logFile(String name) {
        return Path.of("target", name + ".log").toFile();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
