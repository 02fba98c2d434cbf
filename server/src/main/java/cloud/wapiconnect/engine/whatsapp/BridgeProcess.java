package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.bridge.v1.BridgeGrpc;
import cloud.wapiconnect.bridge.v1.BridgeToServer;
import cloud.wapiconnect.bridge.v1.Hello;
import cloud.wapiconnect.bridge.v1.PingRequest;
import cloud.wapiconnect.bridge.v1.PingResponse;
import cloud.wapiconnect.bridge.v1.ServerToBridge;
import cloud.wapiconnect.config.WapiConfig.BridgeConfig;
import cloud.wapiconnect.resilience.Resilience;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts one Node.js bridge process, links to it, health-checks it and restarts it when it dies or stops
 * answering; stops it on shutdown. Everything that goes wrong with the process funnels into one path:
 * kill it (if alive), tell the engine the bridge is down, start a new one after a backoff. A node may run
 * several ({@code WAPI_BRIDGE_PROCESSES}): each has its own index, health checks, backoff and restarts, and
 * what happens to one never touches another.
 */
final class BridgeProcess {
    private static final Logger LOG = Logger.getLogger(BridgeProcess.class.getName());
    private static final String LISTENING = "WAPI_BRIDGE_LISTENING ";

    /** What the engine hears from the supervisor. */
    interface Events {
        /** A new bridge is linked and takes calls: start the sessions again. */
        void bridgeUp(BridgeGrpc.BridgeBlockingStub stub);

        /** The bridge is gone; its sessions with it. */
        void bridgeDown(String why);

        /** A message on the Link stream (called on gRPC's threads, one at a time). */
        void received(BridgeToServer message);
    }

    /** One running bridge: its process, channel and link. Replaced as a whole on restart. */
    private record Running(
            int generation,
            Process process,
            ManagedChannel channel,
            BridgeGrpc.BridgeBlockingStub stub,
            ClientCallStreamObserver<ServerToBridge> link) {}

    private final int index;
    /** What the bridge writes: logger {@code cloud.wapiconnect.bridge.<index>}, so that lines say which process. */
    private final Logger bridgeLog;

    private final BridgeConfig config;
    /** Policy "bridge-restart": how many missed health checks fail the bridge, how long to wait before a start. */
    private final Resilience.Restart restart;

    private final Path protoFile;
    private final Events events;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Running running;
    private volatile boolean stopping;
    private volatile long downSince = System.currentTimeMillis();
    private volatile PingResponse lastPing;
    private int missedPings;
    private int failedStarts;

    /** @param index this process among the node's bridge processes, 0 to {@code WAPI_BRIDGE_PROCESSES} - 1 */
    BridgeProcess(int index, BridgeConfig config, Resilience.Restart restart, Path dataDir, Events events) {
        this.index = index;
        this.bridgeLog = Logger.getLogger("cloud.wapiconnect.bridge." + index);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bridge-supervisor-" + index).daemon().factory());
        this.config = config;
        this.restart = restart;
        this.protoFile = dataDir.resolve("bridge").resolve("bridge.proto");
        this.events = events;
    }

    /**
     * Starts the first bridge and waits until it is linked.
     *
     * @throws IllegalStateException naming the setting to fix when the bridge cannot start at all
     */
    void start() {
        Path script = config.dir().resolve("bridge.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(
                    "WAPI_BRIDGE_DIR: no bridge.js in " + config.dir().toAbsolutePath());
        }
        if (!Files.isDirectory(config.dir().resolve("node_modules"))) {
            throw new IllegalStateException("WAPI_BRIDGE_DIR: the bridge's dependencies are not installed; run"
                    + " 'npm ci' in " + config.dir().toAbsolutePath());
        }
        extractContract();
        launch();
        scheduler.scheduleWithFixedDelay(
                this::healthCheck,
                config.healthInterval().toMillis(),
                config.healthInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** This process among the node's bridge processes (0 when there is one). */
    int index() {
        return index;
    }

    /** The current bridge's stub, if one is linked. */
    Optional<BridgeGrpc.BridgeBlockingStub> stub() {
        Running r = running;
        return r == null ? Optional.empty() : Optional.of(r.stub());
    }

    /** Answers the bridge on the Link stream (auth-state results). Dropped if that bridge is gone. */
    void reply(ServerToBridge message) {
        Running r = running;
        if (r != null) {
            synchronized (r.link()) {
                r.link().onNext(message);
            }
        }
    }

    Optional<Long> pid() {
        Running r = running;
        return r == null ? Optional.empty() : Optional.of(r.process().pid());
    }

    Optional<PingResponse> lastPing() {
        return Optional.ofNullable(lastPing);
    }

    int restarts() {
        return restarts.get();
    }

    /** How long the bridge has been unavailable, zero while it is up. */
    Duration downFor() {
        return running != null ? Duration.ZERO : Duration.ofMillis(System.currentTimeMillis() - downSince);
    }

    void stop() {
        stopping = true;
        scheduler.shutdownNow();
        Running r = running;
        running = null;
        if (r != null) {
            terminate(r);
        }
    }

    private void launch() {
        int gen = generation.incrementAndGet();
        Process process = null;
        ManagedChannel channel = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(config.node(), "bridge.js", "--port", "0")
                    .directory(config.dir().toFile());
            builder.environment()
                    .put("WAPI_BRIDGE_PROTO", protoFile.toAbsolutePath().toString());
            process = builder.start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            pump(
                    process.getInputStream(),
                    line -> {
                        if (!port.isDone() && line.startsWith(LISTENING)) {
                            port.complete(Integer.parseInt(
                                    line.substring(LISTENING.length()).trim()));
                        } else {
                            bridgeLog.info(line);
                        }
                    },
                    "bridge-" + index + "-stdout-" + gen);
            pump(process.getErrorStream(), this::logBridgeLine, "bridge-" + index + "-stderr-" + gen);
            Process started = process;
            process.onExit()
                    .thenRun(() -> port.completeExceptionally(new IllegalStateException(
                            "the bridge exited with " + started.exitValue() + " while starting")));

            int bridgePort = port.get(config.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            channel = NettyChannelBuilder.forAddress("127.0.0.1", bridgePort)
                    .usePlaintext()
                    .maxInboundMessageSize(128 * 1024 * 1024)
                    .build();
            BridgeGrpc.BridgeBlockingStub stub = BridgeGrpc.newBlockingStub(channel);
            stub.withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .ping(PingRequest.getDefaultInstance());
            ClientCallStreamObserver<ServerToBridge> link = openLink(channel, gen);
            link.onNext(ServerToBridge.newBuilder()
                    .setHello(Hello.newBuilder()
                            .setConnectTimeoutMs((int) config.connectTimeout().toMillis())
                            .setReconnectMinMs((int) config.reconnectMin().toMillis())
                            .setReconnectMaxMs((int) config.reconnectMax().toMillis())
                            .setAuthTimeoutMs((int) config.callTimeout().toMillis())
                            .setWebsocketUrl(config.websocketUrl().orElse(""))
                            .setStaleMs((int) config.staleAfter().toMillis())
                            .setWaVersion(config.waVersion().orElse("")))
                    .build());
            Running r = new Running(gen, process, channel, stub, link);
            running = r;
            missedPings = 0;
            failedStarts = 0;
            long pid = process.pid();
            LOG.info(() -> "WhatsApp bridge " + index + " started (pid " + pid + ", port " + bridgePort + ")");
            process.onExit().thenRun(() -> failed(gen, "the bridge process exited"));
            events.bridgeUp(stub);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            String why = cause instanceof TimeoutException
                    ? "it did not listen within " + config.startTimeout().toMillis() + " ms"
                    : cause.getMessage();
            if (channel != null) {
                channel.shutdownNow();
            }
            if (process != null) {
                process.destroyForcibly();
            }
            if (generation.get() == gen && !stopping) {
                if (running == null && restarts.get() == 0 && failedStarts == 0 && cause instanceof IOException) {
                    throw new IllegalStateException(
                            "WAPI_BRIDGE_NODE: cannot run '" + config.node() + "': " + why, cause);
                }
                failedStarts++;
                LOG.warning(() -> "WhatsApp bridge " + index + " did not start: " + why);
                scheduleRestart();
            }
        }
    }

    private ClientCallStreamObserver<ServerToBridge> openLink(ManagedChannel channel, int gen) {
        CompletableFuture<ClientCallStreamObserver<ServerToBridge>> requests = new CompletableFuture<>();
        BridgeGrpc.newStub(channel).link(new ClientResponseObserver<ServerToBridge, BridgeToServer>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ServerToBridge> stream) {
                requests.complete(stream);
            }

            @Override
            public void onNext(BridgeToServer message) {
                if (generation.get() == gen) {
                    events.received(message);
                }
            }

            @Override
            public void onError(Throwable t) {
                failed(gen, "the link broke: " + t.getMessage());
            }

            @Override
            public void onCompleted() {
                failed(gen, "the bridge closed the link");
            }
        });
        return requests.join();
    }

    private void healthCheck() {
        Running r = running;
        if (r == null || stopping) {
            return;
        }
        try {
            lastPing = r.stub()
                    .withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .ping(PingRequest.getDefaultInstance());
            missedPings = 0;
        } catch (RuntimeException e) {
            missedPings++;
            LOG.warning(() ->
                    "WhatsApp bridge " + index + " missed a health check (" + missedPings + "): " + e.getMessage());
            if (missedPings >= restart.missedPings()) {
                failed(r.generation(), "it stopped answering health checks");
            }
        }
    }

    /** The one failure path: for the bridge of generation {@code gen}, whatever noticed it first. */
    private void failed(int gen, String why) {
        if (stopping) {
            return;
        }
        scheduler.execute(() -> {
            Running r = running;
            if (r == null || r.generation() != gen || stopping) {
                return;
            }
            running = null;
            lastPing = null;
            downSince = System.currentTimeMillis();
            LOG.warning(() -> "WhatsApp bridge " + index + " failed (" + why + "); restarting it");
            terminate(r);
            events.bridgeDown(why);
            scheduleRestart();
        });
    }

    private void scheduleRestart() {
        if (stopping) {
            return;
        }
        long delay = restart.delay(failedStarts).toMillis();
        scheduler.schedule(
                () -> {
                    if (!stopping && running == null) {
                        restarts.incrementAndGet();
                        launch();
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    private void terminate(Running r) {
        try {
            r.link().onCompleted();
        } catch (RuntimeException ignored) {
            // already broken
        }
        r.channel().shutdownNow();
        closeQuietly(r.process().getOutputStream()); // the bridge exits when its stdin closes
        r.process().destroy();
        try {
            if (!r.process().waitFor(5, TimeUnit.SECONDS)) {
                r.process().destroyForcibly();
            }
        } catch (InterruptedException e) {
            r.process().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void extractContract() {
        try (InputStream in =
                BridgeProcess.class.getClassLoader().getResourceAsStream("wapiconnect/bridge/v1/bridge.proto")) {
            if (in == null) {
                throw new IllegalStateException("bridge.proto is missing from the classpath (wapi-proto jar)");
            }
            Files.createDirectories(protoFile.getParent());
            // Written aside and moved into place: the node's other processes may be reading it as they start.
            Path written = Files.createTempFile(protoFile.getParent(), "bridge-" + index + "-", ".proto");
            Files.write(written, in.readAllBytes());
            Files.move(written, protoFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pump(InputStream stream, Consumer<String> lines, String name) {
        Thread.ofVirtual().name(name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        });
    }

    private void logBridgeLine(String line) {
        Level level = line.contains("\"level\":\"error\"") || line.contains("\"level\":\"fatal\"")
                ? Level.SEVERE
                : line.contains("\"level\":\"warn\"") ? Level.WARNING : Level.INFO;
        bridgeLog.log(level, line);
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing to close
        }
    }
}
