package cloud.wapiconnect.util;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Status;
import io.helidon.http.http2.Http2FrameData;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2HuffmanDecoder;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare HTTP/2 client on a plain socket (cleartext, prior knowledge), for tests that must control the
 * bytes on the wire: how request headers are HPACK-encoded (gRPC's C core sends pseudo-header names as
 * literals, grpc-java and Netty as indexed names), and flow control (it sends no WINDOW_UPDATE unless told
 * to, so a stream stalls once the server has filled its window; {@link #autoWindowUpdate} makes it give
 * back every DATA byte as it arrives, like a client that reads at once).
 * <p>
 * Request headers are encoded by hand ({@link HeaderBlock}: indexed fields and literals without
 * indexing, never Huffman). Response headers, which the server may compress with Huffman codes and its
 * dynamic table, are decoded with Helidon's own HPACK reader on one table per connection. A reader thread
 * takes every frame as it arrives (so the socket never backs up), answers SETTINGS and PING, and files
 * HEADERS, DATA, RST_STREAM and GOAWAY under their {@link Stream}.
 */
public final class RawHttp2 implements AutoCloseable {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    public static final int FLAG_END_STREAM = 0x1;
    public static final int FLAG_ACK = 0x1;
    public static final int FLAG_END_HEADERS = 0x4;

    public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    public static final int SETTINGS_ENABLE_PUSH = 0x2;
    public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;

    /** RFC 9113 section 7. */
    public static final int PROTOCOL_ERROR = 0x1;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final String authority;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextStreamId = new AtomicInteger(1);
    private final Http2Headers.DynamicTable table = Http2Headers.DynamicTable.create(4096);
    private final Http2HuffmanDecoder huffman = Http2HuffmanDecoder.create();
    private final Thread reader;
    private final Object goAwayLock = new Object();
    private GoAway goAway;
    private volatile boolean autoWindowUpdate;
    private final CountDownLatch serverSettingsAcknowledged = new CountDownLatch(1);

    /** A GOAWAY from the server: streams above {@code lastStreamId} were not processed. */
    public record GoAway(int lastStreamId, int errorCode, String debug) {}

    private RawHttp2(Socket socket, String authority) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.authority = authority;
        this.reader = Thread.ofPlatform().daemon().name("raw-http2-reader").unstarted(this::read);
    }

    /**
     * Connects to a test server, sends the client preface and a SETTINGS frame with these settings
     * (identifier → value, e.g. {@link #SETTINGS_INITIAL_WINDOW_SIZE}), and starts reading.
     */
    public static RawHttp2 connect(URI base, Map<Integer, Integer> settings) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setTcpNoDelay(true);
            RawHttp2 connection = new RawHttp2(socket, base.getHost() + ":" + base.getPort());
            connection.reader.start();
            connection.writeRaw(PREFACE);
            ByteBuffer payload = ByteBuffer.allocate(6 * settings.size());
            settings.forEach((id, value) -> payload.putShort(id.shortValue()).putInt(value));
            connection.writeFrame(SETTINGS, 0, 0, payload.array());
            // Settled before the first request: the acknowledgement of the server's SETTINGS then never
            // follows a request the server refuses by closing the connection (data it has not read when it
            // closes makes its kernel reset the connection).
            if (!connection.serverSettingsAcknowledged.await(5, TimeUnit.SECONDS)) {
                connection.close();
                throw new IOException("no SETTINGS from the server within 5 s");
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static RawHttp2 connect(URI base) {
        return connect(base, Map.of(SETTINGS_ENABLE_PUSH, 0));
    }

    /** {@code host:port}, for the {@code :authority} pseudo-header. */
    public String authority() {
        return authority;
    }

    /** Opens a stream with these request headers (one HEADERS frame, END_HEADERS). */
    public Stream request(HeaderBlock headers, boolean endStream) {
        Stream stream = new Stream(nextStreamId.getAndAdd(2));
        streams.put(stream.id, stream);
        writeFrame(HEADERS, FLAG_END_HEADERS | (endStream ? FLAG_END_STREAM : 0), stream.id, headers.bytes());
        return stream;
    }

    /** The request headers of a gRPC call as grpc-java sends them: pseudo-header names from the static table. */
    public HeaderBlock grpcHeadersIndexed(String path) {
        return new HeaderBlock()
                .indexed(HeaderBlock.METHOD_POST)
                .indexed(HeaderBlock.SCHEME_HTTP)
                .literal(HeaderBlock.PATH, path)
                .literal(HeaderBlock.AUTHORITY, authority)
                .literal(HeaderBlock.CONTENT_TYPE, "application/grpc")
                .literal("te", "trailers");
    }

    /** The request headers of a gRPC call with every pseudo-header name a literal, as gRPC's C core sends some. */
    public HeaderBlock grpcHeadersLiteral(String path) {
        return new HeaderBlock()
                .literal(":method", "POST")
                .literal(":scheme", "http")
                .literal(":path", path)
                .literal(":authority", authority)
                .literal("content-type", "application/grpc")
                .literal("te", "trailers");
    }

    /** Sends one length-prefixed gRPC message (uncompressed) as a DATA frame. */
    public void sendMessage(Stream stream, byte[] message, boolean endStream) {
        ByteBuffer payload = ByteBuffer.allocate(5 + message.length)
                .put((byte) 0)
                .putInt(message.length)
                .put(message);
        writeFrame(DATA, endStream ? FLAG_END_STREAM : 0, stream.id, payload.array());
    }

    /** Half-closes a stream: an empty DATA frame with END_STREAM. */
    public void endStream(Stream stream) {
        writeFrame(DATA, FLAG_END_STREAM, stream.id, new byte[0]);
    }

    /** From now on, every DATA frame received is given back at once with WINDOW_UPDATEs (stream and connection). */
    public void autoWindowUpdate(boolean on) {
        autoWindowUpdate = on;
    }

    /** Gives the server {@code increment} more bytes of window on a stream (0: the connection). */
    public void windowUpdate(int streamId, int increment) {
        writeFrame(WINDOW_UPDATE, 0, streamId, windowIncrement(increment));
    }

    private static byte[] windowIncrement(int increment) {
        return ByteBuffer.allocate(4).putInt(increment).array();
    }

    public void rstStream(Stream stream, int errorCode) {
        writeFrame(
                RST_STREAM,
                0,
                stream.id,
                ByteBuffer.allocate(4).putInt(errorCode).array());
    }

    /** The server's GOAWAY, if it sent one. */
    public Optional<GoAway> goAway() {
        synchronized (goAwayLock) {
            return Optional.ofNullable(goAway);
        }
    }

    public synchronized void writeFrame(int type, int flags, int streamId, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(9 + payload.length);
        frame.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length)
                .put((byte) type)
                .put((byte) flags)
                .putInt(streamId & 0x7fffffff)
                .put(payload);
        writeRaw(frame.array());
    }

    private synchronized void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        List<Http2FrameData> headerFrames = new ArrayList<>();
        try {
            while (true) {
                byte[] head = new byte[9];
                in.readFully(head);
                Http2FrameHeader header = Http2FrameHeader.create(BufferData.create(head));
                byte[] payload = new byte[header.length()];
                in.readFully(payload);
                int type = head[3] & 0xff;
                int flags = head[4] & 0xff;
                int streamId = header.streamId();
                Stream stream = streams.get(streamId);
                switch (type) {
                    case SETTINGS -> {
                        if ((flags & FLAG_ACK) == 0) {
                            reply(SETTINGS, FLAG_ACK, 0, new byte[0]);
                            serverSettingsAcknowledged.countDown();
                        }
                    }
                    case PING -> {
                        if ((flags & FLAG_ACK) == 0) {
                            reply(PING, FLAG_ACK, 0, payload);
                        }
                    }
                    case HEADERS, CONTINUATION -> {
                        headerFrames.add(new Http2FrameData(header, BufferData.create(payload)));
                        if ((flags & FLAG_END_HEADERS) != 0) {
                            // Decoded in arrival order even for unknown streams: the dynamic table must stay in step.
                            Map<String, String> decoded = decode(headerFrames);
                            boolean endStream =
                                    (headerFrames.getFirst().header().flags() & FLAG_END_STREAM) != 0;
                            headerFrames.clear();
                            if (stream != null) {
                                stream.headers(decoded, endStream);
                            }
                        }
                    }
                    case DATA -> {
                        if (stream != null) {
                            stream.data(payload, (flags & FLAG_END_STREAM) != 0);
                        }
                        if (autoWindowUpdate && payload.length > 0) {
                            reply(WINDOW_UPDATE, 0, streamId, windowIncrement(payload.length));
                            reply(WINDOW_UPDATE, 0, 0, windowIncrement(payload.length));
                        }
                    }
                    case RST_STREAM -> {
                        if (stream != null) {
                            stream.reset(ByteBuffer.wrap(payload).getInt());
                        }
                    }
                    case GOAWAY -> {
                        ByteBuffer b = ByteBuffer.wrap(payload);
                        int last = b.getInt() & 0x7fffffff;
                        int code = b.getInt();
                        String debug = new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
                        synchronized (goAwayLock) {
                            goAway = new GoAway(last, code, debug);
                        }
                        streams.values().stream().filter(s -> s.id > last).forEach(s -> s.goAway(code));
                    }
                    default -> {
                        // WINDOW_UPDATE, PRIORITY, unknown types: nothing to do for a client that sends little
                    }
                }
            }
        } catch (EOFException | java.net.SocketException closed) {
            // the server or we closed the connection
        } catch (IOException | RuntimeException e) {
            streams.values().forEach(s -> s.failed("reading the connection failed: " + e));
        } finally {
            streams.values().forEach(s -> s.failed("connection closed"));
        }
    }

    /**
     * A frame the reader sends in answer to one it read. Best effort: a server that refuses a request sends
     * GOAWAY and closes its end, possibly before our answer to its SETTINGS goes out; failing to write
     * must not stop the reader before it has read the GOAWAY already on its way.
     */
    private void reply(int type, int flags, int streamId, byte[] payload) {
        try {
            writeFrame(type, flags, streamId, payload);
        } catch (UncheckedIOException closing) {
            // the server has closed its end: the frames it sent before that are still to be read
        }
    }

    private Map<String, String> decode(List<Http2FrameData> frames) {
        Http2Headers headers = Http2Headers.create(null, table, huffman, frames.toArray(Http2FrameData[]::new));
        Map<String, String> result = new LinkedHashMap<>();
        Status status = headers.status();
        if (status != null) {
            result.put(":status", String.valueOf(status.code()));
        }
        headers.httpHeaders().forEach(h -> result.put(h.name().toLowerCase(Locale.ROOT), h.get()));
        return result;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** How a stream ended. */
    public enum EndKind {
        TRAILERS,
        DATA_END_STREAM,
        RST_STREAM,
        GOAWAY,
        CONNECTION_CLOSED
    }

    /**
     * @param kind      what ended the stream
     * @param trailers  the trailers (END_STREAM HEADERS), or empty
     * @param errorCode of the RST_STREAM or GOAWAY
     * @param atNanos   when the end arrived ({@link System#nanoTime()})
     */
    public record End(EndKind kind, Map<String, String> trailers, int errorCode, long atNanos) {
        public String grpcStatus() {
            return trailers.get("grpc-status");
        }
    }

    /** One stream: its response headers, its DATA as gRPC messages, and how it ended. */
    public static final class Stream {
        private final int id;
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private int readPosition;
        private Map<String, String> responseHeaders;
        private End end;
        private long lastDataNanos;
        private long dataBytes;

        private Stream(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        private synchronized void headers(Map<String, String> headers, boolean endStream) {
            // The first HEADERS with a :status are the response headers; a HEADERS that ends the stream are
            // the trailers (both at once for a "trailers-only" answer).
            boolean response = responseHeaders == null && headers.containsKey(":status");
            if (response) {
                responseHeaders = headers;
            }
            if (endStream || !response) {
                end(new End(EndKind.TRAILERS, headers, 0, System.nanoTime()));
            }
            notifyAll();
        }

        private synchronized void data(byte[] payload, boolean endStream) {
            data.writeBytes(payload);
            dataBytes += payload.length;
            lastDataNanos = System.nanoTime();
            if (endStream) {
                end(new End(EndKind.DATA_END_STREAM, Map.of(), 0, System.nanoTime()));
            }
            notifyAll();
        }

        private synchronized void reset(int code) {
            end(new End(EndKind.RST_STREAM, Map.of(), code, System.nanoTime()));
        }

        private synchronized void goAway(int code) {
            end(new End(EndKind.GOAWAY, Map.of(), code, System.nanoTime()));
        }

        private synchronized void failed(String why) {
            end(new End(EndKind.CONNECTION_CLOSED, Map.of("reason", why), 0, System.nanoTime()));
        }

        private void end(End e) {
            if (end == null) {
                end = e;
            }
            notifyAll();
        }

        /** The response headers ({@code :status} included), waiting for them; empty if the stream ended without. */
        public synchronized Optional<Map<String, String>> awaitHeaders(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (responseHeaders == null && end == null) {
                waitUntil(deadline, "response headers on stream " + id);
            }
            return Optional.ofNullable(responseHeaders);
        }

        /**
         * The next complete gRPC message's bytes, waiting for it; empty once the stream has ended with no
         * complete message left.
         */
        public synchronized Optional<byte[]> nextMessage(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                byte[] buffered = data.toByteArray();
                int available = buffered.length - readPosition;
                if (available >= 5) {
                    int length = ByteBuffer.wrap(buffered, readPosition + 1, 4).getInt();
                    if (available >= 5 + length) {
                        byte[] message = new byte[length];
                        System.arraycopy(buffered, readPosition + 5, message, 0, length);
                        readPosition += 5 + length;
                        return Optional.of(message);
                    }
                }
                if (end != null) {
                    return Optional.empty();
                }
                waitUntil(deadline, "a message on stream " + id);
            }
        }

        /** How the stream ended, waiting for it. */
        public synchronized End awaitEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end == null) {
                waitUntil(deadline, "the end of stream " + id + " (" + dataBytes + " DATA bytes received)");
            }
            return end;
        }

        /** When the last DATA frame arrived ({@link System#nanoTime()}), 0 if none has. */
        public synchronized long lastDataNanos() {
            return lastDataNanos;
        }

        /** DATA bytes received so far. */
        public synchronized long dataBytes() {
            return dataBytes;
        }

        private void waitUntil(long deadline, String what) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * A hand-made HPACK header block (RFC 7541): fields from the static table, and literals "without
     * indexing" whose strings are never Huffman-coded, so a test decides exactly what the server parses.
     */
    public static final class HeaderBlock {
        /** Static-table indexes (RFC 7541 appendix A). */
        public static final int AUTHORITY = 1;

        public static final int METHOD_POST = 3;
        public static final int PATH = 4;
        public static final int SCHEME_HTTP = 6;
        public static final int CONTENT_TYPE = 31;

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        /** Indexed header field (section 6.1): name and value from the table. */
        public HeaderBlock indexed(int index) {
            integer(0x80, 7, index);
            return this;
        }

        /** Literal without indexing, indexed name (section 6.2.2): the name from the table, the value here. */
        public HeaderBlock literal(int nameIndex, String value) {
            integer(0x00, 4, nameIndex);
            string(value);
            return this;
        }

        /** Literal without indexing, new name (section 6.2.2, first octet 0x00): name and value here. */
        public HeaderBlock literal(String name, String value) {
            bytes.write(0x00);
            string(name);
            string(value);
            return this;
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }

        private void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            integer(0x00, 7, b.length); // H bit clear: not Huffman-coded
            bytes.writeBytes(b);
        }

        /** An integer with an N-bit prefix (section 5.1); {@code high} holds the bits above the prefix. */
        private void integer(int high, int prefixBits, int value) {
            int max = (1 << prefixBits) - 1;
            if (value < max) {
                bytes.write(high | value);
                return;
            }
            bytes.write(high | max);
            value -= max;
            while (value >= 0x80) {
                bytes.write((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            bytes.write(value);
        }
    }
}
