package cloud.wapiconnect.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes the HTTP port's connections whose client holds them without using them, which Helidon 4.2.0 does not
 * do: its idle timeout only ever closes a connection that is waiting for the first line of a request, so a
 * client that sends half its headers, or a body a byte at a time, kept a connection (a thread and an open
 * file) for as long as it liked, and enough of them took the process to its open-file limit.
 * <p>
 * The listener's server socket is ours ({@link #serverSocket()}, called by the shadowed
 * {@code io.helidon.webserver.ServerListener}); its sockets see every read, and {@link RequestFraming} tells
 * them where a request's headers end and its response starts. A watchdog thread closes a socket whose
 * reader has been waiting on the client for too long:
 * <ul>
 *     <li>a request whose headers are not complete {@code headerTimeout} after its first byte (however
 *     slowly the bytes keep coming);</li>
 *     <li>a request body that pauses for {@code bodyTimeout}, or that after {@code bodyTimeout} has averaged
 *     less than {@code bodyMinRate} bytes a second;</li>
 *     <li>a connection that sends nothing for {@code idleTimeout} while no request is in progress (a new
 *     connection, or a kept-alive one between requests).</li>
 * </ul>
 * Only a connection whose reader is blocked on the client can be closed: a request being handled, a response
 * being written (a long event stream included) is never touched. HTTP/2 connections (recognised by their
 * preface) are framed and multiplexed, and left to Helidon, whose idle timeout closes those with no open
 * stream. Closing a socket makes the blocked read fail; Helidon then ends the connection as if the client
 * had gone, releasing its slot. Slow-client closes are logged one line per burst, idle ones not at all (they
 * are housekeeping).
 */
public final class ConnectionGuard {
    private static final Logger LOGGER = Logger.getLogger(ConnectionGuard.class.getName());
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The timeouts, in nanoseconds; {@code bodyMinRate} in bytes a second (0: none). */
    record Limits(long headerNanos, long bodyNanos, long bodyMinRate, long idleNanos) {
        static Limits of(Duration header, Duration body, long bodyMinRate, Duration idle) {
            return new Limits(header.toNanos(), body.toNanos(), bodyMinRate, idle.toNanos());
        }

        long tickMillis() {
            long shortest = Math.min(headerNanos, Math.min(bodyNanos, idleNanos));
            return Math.clamp(TimeUnit.NANOSECONDS.toMillis(shortest) / 4, 50, 1000);
        }
    }

    private static final Set<GuardedSocket> LIVE = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<GuardedSocket> CURRENT = new ThreadLocal<>();
    private static final BurstLog SLOW_CLIENTS = new BurstLog(LOGGER, Level.WARNING);
    private static final String SLOW_CLIENTS_LINE =
            "Closed connections whose clients were too slow sending their request";
    private static volatile Limits limits;
    private static Thread watchdog;

    private ConnectionGuard() {}

    /** Sets the timeouts; called once at start-up, before the server listens. */
    static synchronized void configure(Limits newLimits) {
        limits = newLimits;
        if (watchdog == null) {
            watchdog = Thread.ofPlatform()
                    .daemon(true)
                    .name("wapi-connection-guard")
                    .start(ConnectionGuard::watch);
        }
    }

    /** The listener's server socket, whose accepted sockets are guarded. */
    public static ServerSocket serverSocket() throws IOException {
        return new GuardedServerSocket();
    }

    /** Connections open now (for tests and metrics). */
    static int open() {
        return LIVE.size();
    }

    /** The current thread's connection read the end of a request's headers. */
    static void headersRead() {
        GuardedSocket socket = CURRENT.get();
        if (socket != null) {
            long now = System.nanoTime();
            if (!socket.inRequest) {
                // a pipelined request, read from the buffer without touching the socket
                socket.requestStart = now;
                socket.inRequest = true;
            }
            socket.bodyBytes = 0;
            socket.headersAt = now;
            socket.headersDone = true;
        }
    }

    /** The current thread's connection started its response: the request is read, what comes next is a new one. */
    static void responseStarted() {
        GuardedSocket socket = CURRENT.get();
        if (socket != null) {
            socket.inRequest = false;
            socket.headersDone = false;
        }
    }

    private static void watch() {
        while (true) {
            Limits current = limits;
            try {
                Thread.sleep(current.tickMillis());
                long now = System.nanoTime();
                for (GuardedSocket socket : LIVE) {
                    String why = verdict(socket, current, now);
                    if (why != null) {
                        socket.closeQuietly();
                        if (!why.isEmpty()) {
                            SLOW_CLIENTS.event(
                                    SLOW_CLIENTS_LINE, why + " (e.g. " + socket.getRemoteSocketAddress() + ")");
                        }
                    }
                }
                SLOW_CLIENTS.flush(SLOW_CLIENTS_LINE);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Connection guard check failed; trying again", e);
            }
        }
    }

    /** Why the socket must be closed ("" for an idle one, which is not logged), or null to leave it open. */
    private static String verdict(GuardedSocket s, Limits limits, long now) {
        if (s.http2 || !s.reading) {
            return null;
        }
        long waiting = now - s.readSince;
        if (!s.inRequest) {
            return waiting > limits.idleNanos ? "" : null;
        }
        if (!s.headersDone) {
            return now - s.requestStart > limits.headerNanos
                    ? "headers not complete within " + TimeUnit.NANOSECONDS.toMillis(limits.headerNanos) + " ms"
                    : null;
        }
        if (waiting > limits.bodyNanos) {
            return "request body paused for " + TimeUnit.NANOSECONDS.toMillis(limits.bodyNanos) + " ms";
        }
        long inBody = now - s.headersAt;
        if (limits.bodyMinRate > 0
                && inBody > limits.bodyNanos
                && s.bodyBytes * 1_000_000_000.0 / inBody < limits.bodyMinRate) {
            return "request body slower than " + limits.bodyMinRate + " bytes/s";
        }
        return null;
    }

    /** Accepts into {@link GuardedSocket}s (the platform's socket implementation, so virtual threads still park on reads). */
    private static final class GuardedServerSocket extends ServerSocket {
        GuardedServerSocket() throws IOException {}

        @Override
        public Socket accept() throws IOException {
            if (isClosed()) {
                throw new java.net.SocketException("Socket is closed");
            }
            GuardedSocket socket = new GuardedSocket();
            implAccept(socket);
            socket.readSince = System.nanoTime();
            LIVE.add(socket);
            return socket;
        }
    }

    /** A server-side socket that records what its reader is waiting for. Fields are written by the reader, read by the watchdog. */
    private static final class GuardedSocket extends Socket {
        volatile boolean reading;
        volatile long readSince;
        volatile boolean inRequest;
        volatile long requestStart;
        volatile boolean headersDone;
        volatile long headersAt;
        volatile long bodyBytes;
        volatile boolean http2;
        private int prefaceMatched;
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new GuardedInput(super.getInputStream());
            }
            return in;
        }

        @Override
        public void close() throws IOException {
            LIVE.remove(this);
            super.close();
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }

        private void started() {
            CURRENT.set(this);
            readSince = System.nanoTime();
            reading = true;
        }

        private void read(byte[] b, int off, int n) {
            reading = false;
            if (n <= 0) {
                return;
            }
            if (prefaceMatched >= 0 && prefaceMatched < HTTP2_PREFACE.length) {
                for (int i = 0; i < n && prefaceMatched >= 0 && prefaceMatched < HTTP2_PREFACE.length; i++) {
                    prefaceMatched = b[off + i] == HTTP2_PREFACE[prefaceMatched] ? prefaceMatched + 1 : -1;
                }
                http2 = prefaceMatched == HTTP2_PREFACE.length;
            }
            if (!inRequest) {
                requestStart = System.nanoTime();
                headersDone = false;
                inRequest = true;
            } else if (headersDone) {
                bodyBytes += n;
            }
        }

        private final class GuardedInput extends FilterInputStream {
            GuardedInput(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n == 1 ? one[0] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                started();
                int n = -1;
                try {
                    n = in.read(b, off, len);
                    return n;
                } finally {
                    GuardedSocket.this.read(b, off, n);
                }
            }
        }
    }
}
