package cloud.wapiconnect.util;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The packaged server ({@code target/wapi-server.jar}) as a separate operating-system process. */
public final class ServerProcess implements AutoCloseable {
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;
    private int openFileLimit;
    private Path errors;

    public ServerProcess(Map<String, String> environment, Path log) {
        this.port = freePort();
        this.environment = environment;
        this.log = log;
    }

    /**
     * JVM options of every test server: the suite starts about a hundred short-lived servers, and on two cores
     * their start-up is most of its time. C1 only and the serial collector leave the cores to the servers' own
     * work instead of the optimizing compiler and GC threads; a class-data archive of the packaged server
     * ({@link #classArchive}) saves loading and verifying the same few thousand classes each time. Together
     * about three times faster to ready on a busy machine.
     */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static final Path JAR = Path.of("target", "wapi-server.jar");
    private static final Path CLASS_ARCHIVE = Path.of("target", "wapi-server.jsa");

    /** The cluster secret every test server gets from {@link #freshDatabase}. */
    public static final String CLUSTER_SECRET = "cluster-secret-of-the-test-servers-0123456789";

    /**
     * The environment of a server on a fresh database of its own, on the database the test JVM was given:
     * a MariaDB database dropped and created here (a {@code wapi_test} prefix is replaced by the test
     * database's name, so builds with different test databases share one MariaDB), or, on the embedded
     * pass, the embedded H2 in {@code target/dataDir}, deleted first. The test admin key and
     * {@link #CLUSTER_SECRET} either way.
     */
    public static Map<String, String> freshDatabase(String database, String dataDir) throws SQLException {
        Path data = Path.of("target", dataDir).toAbsolutePath();
        Map<String, String> env = new HashMap<>();
        if (TestDatabase.embedded()) {
            deleteRecursively(data);
        } else {
            String url = System.getProperty("WAPI_DB_URL");
            String user = System.getProperty("WAPI_DB_USER");
            String password = System.getProperty("WAPI_DB_PASSWORD", "");
            String server = url.substring(0, url.lastIndexOf('/') + 1);
            String testDatabase = url.substring(url.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_]", "");
            database = testDatabase + database.replaceFirst("^wapi_test", "");
            try (Connection c = DriverManager.getConnection(server, user, password);
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database);
                s.execute("CREATE DATABASE " + database);
            }
            env.put("WAPI_DB_URL", server + database);
            env.put("WAPI_DB_USER", user);
            env.put("WAPI_DB_PASSWORD", password);
        }
        env.put("WAPI_ADMIN_KEY", Api.ADMIN_KEY);
        env.put("WAPI_DATA_DIR", data.toString());
        env.put("WAPI_SANDBOX_ACK_DELAY_MS", "20");
        // Servers sharing a database are one cluster and forward to each other, as a deployment of several
        // nodes must be set up (tests of a node without the secret remove it).
        env.put("WAPI_CLUSTER_SECRET", CLUSTER_SECRET);
        return env;
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment it runs with (to start another on the same database). */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * Keeps standard error apart, in this file (by default it joins standard output in the log): the log is
     * standard output, and the JVM writes its own warnings to standard error.
     */
    public ServerProcess standardErrorTo(Path file) {
        this.errors = file;
        return this;
    }

    /** Starts the server with this open-file limit ({@code ulimit -n}, soft and hard), to reach it quickly. */
    public ServerProcess openFileLimit(int limit) {
        this.openFileLimit = limit;
        return this;
    }

    /** The server's process id (its open files are in /proc/pid/fd). */
    public long pid() {
        return process.pid();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts the server and waits until it is ready. */
    public ServerProcess start() {
        List<String> command = new ArrayList<>();
        if (openFileLimit > 0) {
            command.addAll(List.of("/bin/sh", "-c", "ulimit -n " + openFileLimit + " && exec \"$0\" \"$@\""));
        }
        command.addAll(javaCommand());
        command.add("-XX:SharedArchiveFile=" + classArchive());
        command.addAll(List.of("-jar", JAR.toString()));
        return start(command);
    }

    private ServerProcess start(List<String> command) {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (errors == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        }
        builder.environment().putAll(environment);
        builder.environment().put("WAPI_PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Api api = new Api(uri());
        long deadline =
                System.nanoTime() + Duration.ofSeconds(120).toNanos(); // generous: a loaded CI machine starts slowly
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
        kill(); // not left running behind a failed test
        throw new IllegalStateException("Server did not become ready; see " + log);
    }

    private static List<String> javaCommand() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("Package the server first (mvn verify builds it before integration tests)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(FAST_START);
        // Quiet about the archive either way: some tests read the server's log line by line.
        command.add("-Xlog:cds=off,cds+dynamic=off");
        return command;
    }

    /**
     * The packaged server's class-data archive, made once per build (by a server started on an embedded database
     * of its own and stopped with SIGTERM, which writes it) before any test server starts: a server made to
     * write it at its own exit would slow the shutdown a test measures, and several could write it at once. A
     * missing or outdated archive only costs speed: the JVM starts without it.
     */
    private static synchronized Path classArchive() {
        try {
            if (Files.exists(CLASS_ARCHIVE)
                    && Files.getLastModifiedTime(CLASS_ARCHIVE).compareTo(Files.getLastModifiedTime(JAR)) > 0) {
                return CLASS_ARCHIVE;
            }
            Path data = Files.createTempDirectory("wapi-class-archive");
            Path written = Path.of("target", "wapi-server.jsa.tmp");
            List<String> command = new ArrayList<>(javaCommand());
            command.add("-XX:ArchiveClassesAtExit=" + written);
            command.addAll(List.of("-jar", JAR.toString()));
            ServerProcess training = new ServerProcess(
                    Map.of("WAPI_DATA_DIR", data.toString(), "WAPI_ADMIN_KEY", Api.ADMIN_KEY),
                    Path.of("target", "class-archive.log"));
            training.start(command);
            training.terminate(Duration.ofSeconds(60));
            deleteRecursively(data);
            if (Files.exists(written)) {
                Files.move(written, CLASS_ARCHIVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CLASS_ARCHIVE;
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

    /**
     * SIGTERM, as a service manager or container runtime stops the server; waits at most {@code timeout}
     * (then SIGKILL) and returns the exit code, or -1 when it had to be killed.
     */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
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
