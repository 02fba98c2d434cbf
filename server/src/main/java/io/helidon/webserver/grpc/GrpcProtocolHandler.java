/*
 * Copyright (c) 2022, 2024 Oracle and/or its affiliates.
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
 * WapiConnect: this file is Helidon 4.2.0's io.helidon.webserver.grpc.GrpcProtocolHandler (Apache License
 * 2.0, above), shadowing the original (ours comes first on the class path), changed only where marked
 * "WapiConnect": flow control a service can see. Helidon's ServerCall.isReady() is always true, onReady()
 * fires once at the start, and sendMessage() blocks the caller while the client's window is shut, for up to
 * the flow-control timeout (15 s), then drops the stream with neither trailers nor RST_STREAM (the client
 * waits forever) and logs SEVERE "Flow control update wait time-out". Here, once a call has asked
 * isReady(), sendMessage() never blocks: the one message the window does not take is held, isReady() is
 * false until it has gone out, and a drainer writes it as the window opens (Helidon tells a sub-protocol
 * nothing of window updates, so it looks every few milliseconds) and then fires onReady(); listener calls
 * are serialized, as gRPC requires, and requested messages are counted right. A failing close() drops what is held, so the status goes out at once;
 * a held message the client takes nothing of for 15 s cancels the call, as Helidon's blocked write did.
 * Calls that never ask isReady() (unary ones) write as before. Remove it when Helidon is upgraded to a
 * release with working isReady()/onReady(); SlowSubscriberIT stalls a raw HTTP/2 stream and fails if the
 * status does not arrive.
 */
package io.helidon.webserver.grpc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.FlowControl;
import io.helidon.http.http2.Http2FrameData;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2Setting;
import io.helidon.http.http2.Http2Settings;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.http.http2.StreamFlowControl;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;

import io.grpc.Codec;
import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.Decompressor;
import io.grpc.DecompressorRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;

import static io.helidon.http.HeaderNames.CONTENT_TYPE;
import static io.helidon.http.http2.Http2Flag.DataFlags;
import static io.helidon.http.http2.Http2Flag.END_OF_HEADERS;
import static io.helidon.http.http2.Http2Flag.END_OF_STREAM;
import static io.helidon.http.http2.Http2Flag.HeaderFlags;
import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

class GrpcProtocolHandler<REQ, RES> implements Http2SubProtocolSelector.SubProtocolHandler {
    private static final System.Logger LOGGER = System.getLogger(GrpcProtocolHandler.class.getName());

    private static final HeaderName GRPC_ENCODING = HeaderNames.create("grpc-encoding");
    private static final HeaderName GRPC_ACCEPT_ENCODING = HeaderNames.create("grpc-accept-encoding");
    private static final Header GRPC_CONTENT_TYPE = HeaderValues.createCached(CONTENT_TYPE, "application/grpc");
    private static final Header GRPC_ENCODING_IDENTITY = HeaderValues.createCached(GRPC_ENCODING, "identity");

    private static final DataFlags DATA_FLAGS_ZERO = DataFlags.create(0);
    // WapiConnect: a held message is started only once the window takes all of it, so that a stream failed
    // while waiting ends between messages; one larger than this starts once the window holds this much
    // (it might never fit whole), or the client's whole window when that is smaller.
    private static final int WHOLE_MESSAGE_LIMIT = 16384;
    // WapiConnect: how long a held message waits for the client's window to take any of it (Helidon's
    // default flow-control timeout), and how often the drainer looks.
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
    private static final long DRAIN_PAUSE_MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    private static final long DRAIN_PAUSE_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private static final DecompressorRegistry DECOMPRESSOR_REGISTRY = DecompressorRegistry.getDefaultInstance();
    private static final CompressorRegistry COMPRESSOR_REGISTRY = CompressorRegistry.getDefaultInstance();

    private final HttpPrologue prologue;
    private final Http2Headers headers;
    private final Http2StreamWriter streamWriter;
    private final int streamId;
    private final Http2Settings serverSettings;
    private final Http2Settings clientSettings;
    private final GrpcRouteHandler<REQ, RES> route;
    private final AtomicInteger numMessages = new AtomicInteger();
    private final LinkedBlockingQueue<REQ> listenerQueue = new LinkedBlockingQueue<>();
    private final StreamFlowControl flowControl;

    private Http2StreamState currentStreamState;
    private ServerCall.Listener<REQ> listener;
    private BufferData entityBytes;
    private Compressor compressor;
    private Decompressor decompressor;
    private boolean isIdentityCompressor;

    // WapiConnect: listenerLock serializes the calls into the listener; writeLock guards the rest, and is
    // never held while waiting for listenerLock. held is the one message the window has not taken yet
    // (from heldOffset on); only a call that asks isReady() (flowControlAware) has one.
    private final Object listenerLock = new Object();
    private final Object writeLock = new Object();
    private byte[] held;
    private int heldOffset;
    private long heldProgress;
    private boolean flowControlAware;
    private boolean draining;
    private boolean closed;

    GrpcProtocolHandler(HttpPrologue prologue,
                        Http2Headers headers,
                        Http2StreamWriter streamWriter,
                        int streamId,
                        Http2Settings serverSettings,
                        Http2Settings clientSettings,
                        StreamFlowControl flowControl,
                        Http2StreamState currentStreamState,
                        GrpcRouteHandler<REQ, RES> route) {
        this.prologue = prologue;
        this.headers = headers;
        this.streamWriter = streamWriter;
        this.streamId = streamId;
        this.serverSettings = serverSettings;
        this.clientSettings = clientSettings;
        this.flowControl = flowControl;
        this.currentStreamState = currentStreamState;
        this.route = route;
    }

    @Override
    public void init() {
        try {
            ServerCall<REQ, RES> serverCall = createServerCall();
            Headers httpHeaders = headers.httpHeaders();

            // setup compression
            initCompression(serverCall, httpHeaders);

            // initiate server call
            ServerCallHandler<REQ, RES> callHandler = route.callHandler();
            synchronized (listenerLock) { // WapiConnect
                listener = callHandler.startCall(serverCall, GrpcHeadersUtil.toMetadata(headers));
                listener.onReady();
            }
        } catch (Throwable e) {
            LOGGER.log(ERROR, "Failed to initialize grpc protocol handler", e);
            throw e;
        }
    }

    @Override
    public Http2StreamState streamState() {
        return currentStreamState;
    }

    @Override
    public void rstStream(Http2RstStream rstStream) {
        synchronized (listenerLock) { // WapiConnect
            listener.onComplete();
        }
    }

    @Override
    public void windowUpdate(Http2WindowUpdate update) {
    }

    @Override
    public void data(Http2FrameHeader header, BufferData data) {
        synchronized (listenerLock) { // WapiConnect
            dataSerialized(header, data);
        }
    }

    private void dataSerialized(Http2FrameHeader header, BufferData data) {
        try {
            boolean isCompressed = false;

            while (data.available() > 0) {
                // start of new chunk?
                if (entityBytes == null) {
                    isCompressed = (data.read() == 1);
                    long length = data.readUnsignedInt32();
                    entityBytes = BufferData.create((int) length);
                }

                // append data to current chunk
                entityBytes.write(data);

                // is chunk complete?
                if (entityBytes.capacity() == 0) {
                    // fail if compressed and no decompressor
                    if (isCompressed && decompressor == null) {
                        throw new IllegalStateException("Unable to codec for compressed data");
                    }

                    // read and possibly decompress data
                    byte[] bytes = new byte[entityBytes.available()];
                    entityBytes.read(bytes);
                    ByteArrayInputStream bais = new ByteArrayInputStream(bytes);
                    REQ request = route.method().parseRequest(isCompressed ? decompressor.decompress(bais) : bais);
                    listenerQueue.add(request);
                    flushQueue();
                    entityBytes = null;
                }
            }

            // if EOS then half close
            if (header.flags(Http2FrameTypes.DATA).endOfStream()) {
                listener.onHalfClose();
                currentStreamState = Http2StreamState.HALF_CLOSED_LOCAL;
            }
        } catch (Exception e) {
            listener.onCancel();
            // WapiConnect: DEBUG when the client's connection is gone (e.g. closed before the trailers)
            LOGGER.log(connectionLost(e) ? DEBUG : ERROR, "Failed to process grpc request: " + data.debugDataHex(true), e);
        }
    }

    void initCompression(ServerCall<REQ, RES> serverCall, Headers httpHeaders) {
        // check for encoding and respond using same algorithm
        if (httpHeaders.contains(GRPC_ENCODING)) {
            Header grpcEncoding = httpHeaders.get(GRPC_ENCODING);
            String encoding = grpcEncoding.asString().get();
            decompressor = DECOMPRESSOR_REGISTRY.lookupDecompressor(encoding);
            compressor = COMPRESSOR_REGISTRY.lookupCompressor(encoding);

            // report encoding not supported
            if (decompressor == null || compressor == null) {
                Metadata metadata = new Metadata();
                Set<String> encodings = DECOMPRESSOR_REGISTRY.getAdvertisedMessageEncodings();
                metadata.put(Metadata.Key.of(GRPC_ACCEPT_ENCODING.defaultCase(), Metadata.ASCII_STRING_MARSHALLER),
                        String.join(",", encodings));
                serverCall.close(Status.UNIMPLEMENTED, metadata);
                currentStreamState = Http2StreamState.CLOSED;       // stops processing
                return;
            }
        } else if (httpHeaders.contains(GRPC_ACCEPT_ENCODING)) {
            Header acceptEncoding = httpHeaders.get(GRPC_ACCEPT_ENCODING);

            // check for matching encoding
            for (String encoding : acceptEncoding.allValues()) {
                compressor = COMPRESSOR_REGISTRY.lookupCompressor(encoding);
                if (compressor != null) {
                    decompressor = DECOMPRESSOR_REGISTRY.lookupDecompressor(encoding);
                    if (decompressor != null) {
                        break;      // found match
                    }
                    compressor = null;
                }
            }
        }

        // special handling for identity compressor
        isIdentityCompressor = (compressor instanceof Codec.Identity);
    }

    boolean isIdentityCompressor() {
        return isIdentityCompressor;
    }

    private void addNumMessages(int n) {
        numMessages.getAndAdd(n);
    }

    private void flushQueue() {
        // WapiConnect: serialized, and a message is counted off only when it is delivered: Helidon's
        // getAndDecrement() also counted a look that found none requested, so a service that asks for
        // messages one at a time (the reflection service) lost the next ones.
        synchronized (listenerLock) {
            if (listener != null) {
                while (!listenerQueue.isEmpty() && numMessages.get() > 0) {
                    numMessages.decrementAndGet();
                    listener.onMessage(listenerQueue.poll());
                }
            }
        }
    }

    // WapiConnect: writes as much of the held message as the window takes now, never waiting for it.
    // Under writeLock.
    private void writeHeld() {
        FlowControl.Outbound outbound = flowControl.outbound();
        while (held != null) {
            int remaining = held.length - heldOffset;
            int window = outbound.getRemainingWindowSize();
            int startAt = Math.min(remaining, Math.min(WHOLE_MESSAGE_LIMIT, clientWindow()));
            if (window <= 0 || (heldOffset == 0 && window < startAt)) {
                return;
            }
            int length = Math.min(remaining, Math.min(window, outbound.maxFrameSize()));
            Http2FrameHeader header = Http2FrameHeader.create(length, Http2FrameTypes.DATA, DATA_FLAGS_ZERO, streamId);
            NonBlockingOutbound nonBlocking = new NonBlockingOutbound(outbound);
            try {
                streamWriter.writeData(new Http2FrameData(header, BufferData.create(held, heldOffset, length)),
                                       nonBlocking);
                heldOffset += length;
                heldProgress = System.nanoTime();
            } catch (WouldBlock e) {
                // another stream took the connection's window between our look and the write
                heldOffset += nonBlocking.written;
                heldProgress = System.nanoTime();
                if (heldOffset == held.length) {
                    held = null;
                }
                return;
            }
            if (heldOffset == held.length) {
                held = null;
            }
        }
    }

    // WapiConnect: Helidon's write of what is held, waiting for the window up to the flow-control timeout.
    // Under writeLock; returns the failure, for failWrite() once writeLock is released.
    private Exception writeHeldBlocking() {
        int length = held.length - heldOffset;
        Http2FrameHeader header = Http2FrameHeader.create(length, Http2FrameTypes.DATA, DATA_FLAGS_ZERO, streamId);
        BufferData data = BufferData.create(held, heldOffset, length);
        held = null;
        try {
            streamWriter.writeData(new Http2FrameData(header, data), flowControl.outbound());
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    // WapiConnect: under writeLock, with something held.
    private void startDraining() {
        if (!draining) {
            draining = true;
            Thread.ofVirtual().name("grpc-drain-" + streamId).start(this::drain);
        }
    }

    // WapiConnect: writes the held message as the window opens, then tells the listener it may write again.
    private void drain() {
        long pause = DRAIN_PAUSE_MIN_NANOS;
        Exception failure = null;
        while (true) {
            synchronized (writeLock) {
                try {
                    writeHeld();
                } catch (Exception e) {
                    failure = e;
                    break;
                }
                if (held == null) {
                    draining = false;
                    if (closed) {
                        return;
                    }
                    break;
                }
                if (System.nanoTime() - heldProgress > DRAIN_TIMEOUT_NANOS) {
                    failure = new ClientStalled();
                    break;
                }
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, DRAIN_PAUSE_MAX_NANOS);
        }
        if (failure != null) {
            synchronized (writeLock) {
                draining = false;
            }
            failWrite(failure);
            return;
        }
        synchronized (listenerLock) {
            listener.onReady();
        }
    }

    // WapiConnect: Helidon's answer to a failed write (cancel the call), without writeLock held.
    private void failWrite(Exception e) {
        synchronized (writeLock) {
            held = null;
        }
        synchronized (listenerLock) {
            listener.onCancel();
        }
        // A client that closed its connection (how most clients' event streams end) is no server error;
        // Helidon logged each at ERROR with its stack trace.
        System.Logger.Level level = connectionLost(e) ? DEBUG : e instanceof ClientStalled ? WARNING : ERROR;
        LOGGER.log(level, "Failed to respond to grpc request: " + route.method(), e);
    }

    private static boolean connectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private int clientWindow() {
        return clientSettings.value(Http2Setting.INITIAL_WINDOW_SIZE).intValue();
    }

    // WapiConnect: the stream's flow control, except that where Helidon would wait for a window update it
    // gives up, and it counts what was written before that.
    private static final class NonBlockingOutbound implements FlowControl.Outbound {
        private final FlowControl.Outbound delegate;
        private int written;

        NonBlockingOutbound(FlowControl.Outbound delegate) {
            this.delegate = delegate;
        }

        @Override
        public void decrementWindowSize(int decrement) {
            delegate.decrementWindowSize(decrement);
            written += decrement;
        }

        @Override
        public void resetStreamWindowSize(int size) {
            delegate.resetStreamWindowSize(size);
        }

        @Override
        public int getRemainingWindowSize() {
            return delegate.getRemainingWindowSize();
        }

        @Override
        public long incrementStreamWindowSize(int increment) {
            return delegate.incrementStreamWindowSize(increment);
        }

        @Override
        public Http2FrameData[] cut(Http2FrameData frame) {
            return delegate.cut(frame);
        }

        @Override
        public void blockTillUpdate() {
            throw WouldBlock.INSTANCE;
        }

        @Override
        public int maxFrameSize() {
            return delegate.maxFrameSize();
        }
    }

    private static final class ClientStalled extends Exception {
        ClientStalled() {
            super("The client's flow-control window stayed shut for 15 s", null, false, false);
        }
    }

    private static final class WouldBlock extends RuntimeException {
        static final WouldBlock INSTANCE = new WouldBlock();

        private WouldBlock() {
            super("window shut", null, false, false);
        }
    }

    private ServerCall<REQ, RES> createServerCall() {
        return new ServerCall<>() {
            @Override
            public void request(int numMessages) {
                addNumMessages(numMessages);
                flushQueue();
            }

            @Override
            public void sendHeaders(Metadata headers) {
                // prepare response haaders
                WritableHeaders<?> writable = WritableHeaders.create();
                GrpcHeadersUtil.updateHeaders(writable, headers);
                writable.set(GRPC_CONTENT_TYPE);

                // set encoding header based on negotiation
                if (compressor == null) {
                    writable.set(GRPC_ENCODING_IDENTITY);
                } else {
                    writable.set(HeaderValues.createCached(GRPC_ENCODING, compressor.getMessageEncoding()));
                }

                // write headers frame
                Http2Headers http2Headers = Http2Headers.create(writable);
                http2Headers.status(io.helidon.http.Status.OK_200);
                streamWriter.writeHeaders(http2Headers,
                                          streamId,
                                          HeaderFlags.create(END_OF_HEADERS),
                                          flowControl.outbound());
            }

            @Override
            public void sendMessage(RES message) {
                Exception failure = null; // WapiConnect: reported once writeLock is released
                try (InputStream inputStream = route.method().streamResponse(message)) {
                    // prepare buffer for writing
                    BufferData bufferData;
                    if (compressor == null || isIdentityCompressor) {
                        byte[] bytes = inputStream.readAllBytes();
                        bufferData = BufferData.create(5 + bytes.length);
                        bufferData.write(0);        // off for identity compressor
                        bufferData.writeUnsignedInt32(bytes.length);
                        bufferData.write(bytes);
                    } else {
                        ByteArrayOutputStream baos = new ByteArrayOutputStream();
                        try (OutputStream os = compressor.compress(baos)) {
                            inputStream.transferTo(os);
                        }
                        byte[] bytes = baos.toByteArray();
                        bufferData = BufferData.create(5 + bytes.length);
                        bufferData.write(1);
                        bufferData.writeUnsignedInt32(bytes.length);
                        bufferData.write(bytes);
                    }

                    // WapiConnect: held while the window is shut, for a call that watches isReady()
                    boolean hold;
                    synchronized (writeLock) {
                        hold = flowControlAware;
                        if (held != null) {
                            // written although isReady() said no: wait for the window, as Helidon does
                            failure = writeHeldBlocking();
                        }
                        if (failure == null && hold) {
                            held = new byte[bufferData.available()];
                            bufferData.read(held);
                            heldOffset = 0;
                            heldProgress = System.nanoTime();
                            writeHeld();
                            if (held != null) {
                                startDraining();
                            }
                        }
                    }
                    if (failure == null && !hold) {
                        // create data frame, EOS sent in close with trailers
                        Http2FrameHeader header = Http2FrameHeader.create(bufferData.available(),
                                Http2FrameTypes.DATA,
                                DATA_FLAGS_ZERO,
                                streamId);

                        // write data frame
                        streamWriter.writeData(new Http2FrameData(header, bufferData), flowControl.outbound());
                    }
                } catch (Exception e) {
                    failure = e;
                }
                if (failure != null) {
                    failWrite(failure);
                }
            }

            // WapiConnect: ready when nothing is held back (the next message goes out now, or is the one held).
            @Override
            public boolean isReady() {
                Exception failure;
                synchronized (writeLock) {
                    flowControlAware = true;
                    try {
                        writeHeld();
                        if (held != null) {
                            startDraining();
                        }
                        return held == null;
                    } catch (Exception e) {
                        failure = e;
                    }
                }
                failWrite(failure);
                return false;
            }

            @Override
            public void close(Status status, Metadata trailers) {
                // WapiConnect: a successful end delivers what is held (waiting for the window, as Helidon
                // does); a failing one drops it, so the status reaches a client that stopped reading.
                Exception failure = null;
                synchronized (writeLock) {
                    closed = true;
                    if (held != null && status.isOk()) {
                        failure = writeHeldBlocking();
                    }
                    held = null;
                }
                if (failure != null) {
                    failWrite(failure);
                }
                // prepare trailers
                WritableHeaders<?> writable = WritableHeaders.create();
                GrpcHeadersUtil.updateHeaders(writable, trailers);
                writable.set(HeaderValues.create(GrpcStatus.STATUS_NAME, status.getCode().value()));
                String description = status.getDescription();
                if (description != null) {
                    writable.set(HeaderValues.create(GrpcStatus.MESSAGE_NAME, description));
                }

                // write headers frame with trailers and EOS
                Http2Headers http2Headers = Http2Headers.create(writable);
                streamWriter.writeHeaders(http2Headers,
                                          streamId,
                                          HeaderFlags.create(END_OF_HEADERS | END_OF_STREAM),
                                          flowControl.outbound());
                currentStreamState = Http2StreamState.HALF_CLOSED_LOCAL;
            }

            @Override
            public boolean isCancelled() {
                return currentStreamState == Http2StreamState.CLOSED;
            }

            @Override
            public MethodDescriptor<REQ, RES> getMethodDescriptor() {
                return route.method();
            }
        };
    }
}
