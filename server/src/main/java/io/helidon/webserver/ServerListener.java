/*
 * Copyright (c) 2022, 2025 Oracle and/or its affiliates.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * WapiConnect: this file is Helidon 4.2.0's io.helidon.webserver.ServerListener (Apache License 2.0, above),
 * shadowing the original (ours comes first on the class path), changed only where marked "WapiConnect":
 * 1. A failing accept() no longer ends the listener. Helidon's treats any exception from accept() as the end
 *    of the server socket: at the open-file limit ("Too many open files") it logged SEVERE "this server
 *    socket is terminating now", closed the port and never opened it again. Here the listener backs off
 *    (10 ms doubling to 1 s) and keeps accepting, and logs one line per burst of failures.
 * 2. When the connection cap (max-tcp-connections) is reached, that is logged, once per burst; new
 *    connections wait in the listen backlog as before.
 * 3. The plain server socket is cloud.wapiconnect.transport.ConnectionGuard's, which closes connections
 *    whose clients are too slow sending a request, or idle (Helidon's idle timeout only reaches
 *    connections between requests).
 * 4. The idle timeout is offered only connections that are idle now: Helidon's IdleTimeoutHandler also
 *    "closes" busy ones, which ends an HTTP/2 connection, and every gRPC stream on it, at the client's next
 *    frame once no new stream was opened on it for the idle timeout.
 * Remove it when Helidon is upgraded to a release that survives accept failures (not so as of 4.2.x);
 * ConnectionLimitsIT fills the cap and the open-file limit and fails if the port stops answering.
 */

package io.helidon.webserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

import io.helidon.common.HelidonServiceLoader;
import io.helidon.common.LazyValue;
import io.helidon.common.concurrency.limits.FixedLimit;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.concurrency.limits.NoopSemaphore;
import io.helidon.common.context.Context;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.task.HelidonTaskExecutor;
import io.helidon.common.tls.Tls;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.media.MediaContext;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.TRACE;

class ServerListener implements ListenerContext {
    private static final System.Logger LOGGER = System.getLogger(ServerListener.class.getName());
    // WapiConnect: one line per burst, not per connection
    private static final cloud.wapiconnect.transport.BurstLog ACCEPT_FAILED = new cloud.wapiconnect.transport.BurstLog(
            java.util.logging.Logger.getLogger(ServerListener.class.getName()), java.util.logging.Level.SEVERE);
    private static final cloud.wapiconnect.transport.BurstLog CAP_REACHED = new cloud.wapiconnect.transport.BurstLog(
            java.util.logging.Logger.getLogger(ServerListener.class.getName()), java.util.logging.Level.WARNING);

    @SuppressWarnings("rawtypes")
    private static final LazyValue<List<ServerConnectionSelectorProvider>> SELECTOR_PROVIDERS = LazyValue.create(() ->
            HelidonServiceLoader.create(ServiceLoader.load(ServerConnectionSelectorProvider.class)).asList());

    private final ConnectionProviders connectionProviders;
    private final String socketName;
    private final ListenerConfig listenerConfig;
    private final Router router;
    private final HelidonTaskExecutor readerExecutor;
    private final ExecutorService sharedExecutor;
    private final DirectHandlers directHandlers;
    private final Tls tls;
    private final SocketOptions connectionOptions;
    private final InetSocketAddress configuredAddress;
    private final Duration gracePeriod;

    private final MediaContext mediaContext;
    private final ContentEncodingContext contentEncodingContext;
    private final Context context;
    private final Semaphore connectionSemaphore;
    private final Limit requestLimit;
    private final Map<String, ServerConnection> activeConnections = new ConcurrentHashMap<>();

    private volatile boolean running;
    private volatile boolean inCheckpoint;
    private volatile int connectedPort;
    private volatile ServerSocket serverSocket;
    private volatile Thread serverThread;
    private volatile CompletableFuture<Void> closeFuture;

    @SuppressWarnings("unchecked")
    ServerListener(String socketName,
                   ListenerConfig listenerConfig,
                   Router router,
                   Context serverContext,
                   Timer idleConnectionTimer,
                   MediaContext defaultMediaContext,
                   ContentEncodingContext defaultContentEncodingContext,
                   DirectHandlers defaultDirectHandlers) {

        ProtocolConfigs protocols = ProtocolConfigs.create(listenerConfig.protocols());
        List<ServerConnectionSelector> selectors = new ArrayList<>(listenerConfig.connectionSelectors());

        // for each discovered selector provider, add a selector for each configuration of that provider
        SELECTOR_PROVIDERS.get()
                .forEach(provider -> {
                    List<ProtocolConfig> configurations = protocols.config(provider.protocolType(),
                                                                           provider.protocolConfigType());
                    for (ProtocolConfig configuration : configurations) {
                        selectors.add(provider.create(socketName, configuration, protocols));
                    }
                });

        this.connectionSemaphore = listenerConfig.maxTcpConnections() == -1
                ? NoopSemaphore.INSTANCE
                : new Semaphore(listenerConfig.maxTcpConnections());

        if (listenerConfig.maxConcurrentRequests() == -1) {
            this.requestLimit = listenerConfig.concurrencyLimit()
                    .orElseGet(FixedLimit::create); // unlimited unless configured
        } else {
            this.requestLimit = FixedLimit.builder()
                    .permits(listenerConfig.maxConcurrentRequests())
                    .build();
        }
        this.requestLimit.init(socketName);

        this.connectionProviders = ConnectionProviders.create(selectors);
        this.socketName = socketName;
        this.listenerConfig = listenerConfig;
        this.tls = listenerConfig.tls().orElseGet(() -> Tls.builder().enabled(false).build());
        this.connectionOptions = listenerConfig.connectionOptions();
        this.directHandlers = listenerConfig.directHandlers().orElse(defaultDirectHandlers);
        this.mediaContext = listenerConfig.mediaContext().orElse(defaultMediaContext);
        this.contentEncodingContext = listenerConfig.contentEncoding().orElse(defaultContentEncodingContext);
        this.context = listenerConfig.listenerContext().orElseGet(() -> Context.builder()
                .id("listener-" + socketName)
                .parent(serverContext)
                .build());
        this.gracePeriod = listenerConfig.shutdownGracePeriod();

        initServerThread();

        // to read requests and execute tasks
        this.readerExecutor = ExecutorsFactory.newServerListenerReaderExecutor();

        // to do anything else (writers etc.)
        this.sharedExecutor = ExecutorsFactory.newServerListenerSharedExecutor();

        int port = listenerConfig.port();
        if (port < 1) {
            port = 0;
        }
        this.configuredAddress = new InetSocketAddress(listenerConfig.address(), port);
        this.router = router;

        // handle idle connection timeout
        // WapiConnect: only connections that are idle now (an HTTP/1.1 one waiting for a request, an HTTP/2 one with
        // no open stream): Helidon's close(false) on any other still ends it (HTTP/2: after the client's next frame),
        // so an event stream that outlived the timeout since its connection's last new stream was cut
        IdleTimeoutHandler ith = new IdleTimeoutHandler(idleConnectionTimer,
                                                        listenerConfig,
                                                        () -> activeConnections().stream()
                                                                .filter(it -> it instanceof io.helidon.common.task.InterruptableTask<?> task
                                                                        && task.canInterrupt())
                                                                .toList());
        ith.start();
    }

    private void initServerThread() {
        this.closeFuture = new CompletableFuture<>();
        this.serverThread = Thread.ofPlatform()
                .inheritInheritableThreadLocals(true)
                .daemon(false)
                .name("server-" + socketName + "-listener")
                .unstarted(this::listen);
    }

    @Override
    public MediaContext mediaContext() {
        return mediaContext;
    }

    @Override
    public ContentEncodingContext contentEncodingContext() {
        return contentEncodingContext;
    }

    @Override
    public DirectHandlers directHandlers() {
        return directHandlers;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public ListenerConfig config() {
        return listenerConfig;
    }

    @Override
    public ExecutorService executor() {
        return sharedExecutor;
    }

    @Override
    public String toString() {
        return socketName + " (" + configuredAddress + ")";
    }

    int port() {
        return connectedPort;
    }

    Router router() {
        return router;
    }

    InetSocketAddress configuredAddress() {
        return configuredAddress;
    }

    void stop() {
        if (!running) {
            return;
        }
        running = false;
        suspend(true);
        router.afterStop();
    }

    private void suspend(boolean shutdownExecutors) {
        try {
            // Stop listening for connections
            serverSocket.close();
            // Close all active connections
            activeConnections().forEach(connection -> connection.close(true));

            if (shutdownExecutors) {
                // Shutdown reader executor
                readerExecutor.terminate(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
                if (!readerExecutor.isTerminated()) {
                    LOGGER.log(DEBUG, "Some tasks in reader executor did not terminate gracefully");
                    readerExecutor.forceTerminate();
                }

                // Shutdown shared executor
                try {
                    sharedExecutor.shutdown();
                    boolean done = sharedExecutor.awaitTermination(gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
                    if (!done) {
                        List<Runnable> running = sharedExecutor.shutdownNow();
                        if (!running.isEmpty()) {
                            LOGGER.log(DEBUG, running.size() + " tasks in shared executor did not terminate gracefully");
                        }
                    }
                } catch (InterruptedException e) {
                    // falls through
                }
            }
        } catch (IOException e) {
            LOGGER.log(INFO, "Exception thrown on socket close", e);
        }
        serverThread.interrupt();
        closeFuture.join();
    }

    @SuppressWarnings("resource")
    void start() {
        router.beforeStart();
        startIt();
    }

    private void startIt() {
        try {
            SSLServerSocket sslServerSocket = tls.enabled() ? tls.createServerSocket() : null;
            // WapiConnect: the guarded server socket (TLS is not served by WapiConnect; a proxy in front does it)
            serverSocket = tls.enabled() ? sslServerSocket : cloud.wapiconnect.transport.ConnectionGuard.serverSocket();
            listenerConfig.configureSocket(serverSocket);

            serverSocket.bind(configuredAddress, listenerConfig.backlog());
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to start server", e);
        }

        String serverChannelId = "0x" + HexFormat.of().toHexDigits(System.identityHashCode(serverSocket));

        running = true;

        InetAddress inetAddress = serverSocket.getInetAddress();
        this.connectedPort = serverSocket.getLocalPort();

        if (LOGGER.isLoggable(INFO)) {
            String format;
            if (tls.enabled()) {
                format = "[%s] https://%s:%s bound for socket '%s'";
            } else {
                format = "[%s] http://%s:%s bound for socket '%s'";
            }
            LOGGER.log(INFO, String.format(format,
                                           serverChannelId,
                                           inetAddress.getHostAddress(),
                                           connectedPort,
                                           socketName));

            if (LOGGER.isLoggable(TRACE)) {
                if (listenerConfig.writeQueueLength() <= 1) {
                    LOGGER.log(System.Logger.Level.TRACE, "[" + serverChannelId + "] direct writes");
                } else {
                    LOGGER.log(System.Logger.Level.TRACE,
                               "[" + serverChannelId + "] async writes, queue length: " + listenerConfig.writeQueueLength());
                }
                if (tls.enabled()) {
                    debugTls(serverChannelId, tls);
                }
            }
        }

        serverThread.start();
    }

    boolean hasTls() {
        return tls.enabled();
    }

    void reloadTls(Tls tls) {
        if (!this.tls.enabled()) {
            throw new IllegalArgumentException("TLS is not enabled on the socket " + socketName
                                                       + " and therefore cannot be reloaded");
        }
        if (!tls.enabled()) {
            throw new UnsupportedOperationException("TLS cannot be disabled by reloading on the socket " + socketName);
        }
        this.tls.reload(tls);
    }

    private void debugTls(String serverChannelId, Tls tls) {
        SSLParameters sslParameters = tls.newEngine()
                .getSSLParameters();

        String message = "[" + serverChannelId + "] TLS configuration of socket " + socketName + '\n'
                + "Protocols: " + Arrays.toString(sslParameters.getProtocols()) + '\n'
                + "Cipher Suites: " + Arrays.toString(sslParameters.getCipherSuites()) + '\n'
                + "Endpoint identification algorithm: " + sslParameters.getEndpointIdentificationAlgorithm() + '\n'
                + "Need client auth: " + sslParameters.getNeedClientAuth() + '\n'
                + "Want client auth: " + sslParameters.getWantClientAuth();

        LOGGER.log(TRACE, message);
    }

    private void listen() {
        String serverChannelId = "0x" + HexFormat.of().toHexDigits(System.identityHashCode(serverSocket));

        long backoffMillis = 0; // WapiConnect
        while (running) {
            try {
                // this must be done before we accept, and the semaphore must be released when connection is finished
                // WapiConnect: say so when the cap holds new connections back (once per burst)
                if (!connectionSemaphore.tryAcquire()) {
                    CAP_REACHED.event("Connection limit reached (" + listenerConfig.maxTcpConnections()
                                              + " at once, WAPI_HTTP_MAX_CONNECTIONS); new connections wait until one closes",
                                      null);
                    connectionSemaphore.acquire();
                }
                // WapiConnect: a failing accept (the open-file limit) backs off and tries again, the listener lives on
                Socket socket;
                try {
                    socket = serverSocket.accept();
                    backoffMillis = 0;
                } catch (IOException e) {
                    connectionSemaphore.release();
                    if (!running || serverSocket.isClosed()) {
                        throw e;
                    }
                    backoffMillis = Math.min(1000, Math.max(10, backoffMillis * 2));
                    ACCEPT_FAILED.event("Accepting a connection failed; retrying with a backoff of up to 1 s",
                                        String.valueOf(e.getMessage()));
                    Thread.sleep(backoffMillis);
                    continue;
                }

                try {
                    connectionOptions.configureSocket(socket);
                    ConnectionHandler handler = new ConnectionHandler(this,
                                                    connectionSemaphore,
                                                    requestLimit,
                                                    connectionProviders,
                                                    activeConnections,
                                                    socket,
                                                    serverChannelId,
                                                    router,
                                                    tls);
                    readerExecutor.execute(handler);
                } catch (RejectedExecutionException e) {
                    LOGGER.log(ERROR, "Executor rejected handler for new connection", e);

                    // the socket was never handled
                    try {
                        socket.close();
                    } catch (IOException ex) {
                        LOGGER.log(TRACE, "Failed to close socket that was rejected for execution", e);
                    }

                    // we never started the handler, so we must release the semaphore here
                    connectionSemaphore.release();
                } catch (Exception e) {
                    // we may get an SSL handshake errors, which should only fail one socket, not the listener
                    LOGGER.log(TRACE, "Failed to handle accepted socket", e);
                    // the socket was never handled
                    try {
                        socket.close();
                    } catch (IOException ex) {
                        LOGGER.log(TRACE,
                                   "Failed to close socket that failed start execution (see previous trace for reason)",
                                   e);
                    }

                    // we never started the handler, so we must release the semaphore here
                    connectionSemaphore.release();
                }
            } catch (InterruptedException e) {
                // WapiConnect: interrupted while waiting for a slot or backing off: stopping
                if (inCheckpoint || !running) {
                    break;
                }
            } catch (SocketException e) {
                if (!e.getMessage().contains("Socket closed")) {
                    LOGGER.log(ERROR, "Got a socket exception while listening, this server socket is terminating now", e);
                }
                if (inCheckpoint) {
                    break;
                } else if (running) {
                    stop();
                }
            } catch (Throwable e) {
                LOGGER.log(ERROR, "Got a throwable while listening, this server socket is terminating now", e);
                if (inCheckpoint) {
                    break;
                } else if (running) {
                    stop();
                }
            }
        }

        LOGGER.log(INFO, String.format("[%s] %s socket closed.", serverChannelId, socketName));
        closeFuture.complete(null);
    }

    private List<ServerConnection> activeConnections() {
        return new ArrayList<>(activeConnections.values());
    }

    void suspend() {
        inCheckpoint = true;
        suspend(false);
        serverThread = null;
        closeFuture = null;
    }

    void resume() {
        initServerThread();
        startIt();
        inCheckpoint = false;
    }
}
