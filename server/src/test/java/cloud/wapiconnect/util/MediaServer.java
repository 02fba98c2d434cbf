package cloud.wapiconnect.util;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real local HTTP server for media tests: files, redirects, slow and failing upstreams; counts requests. */
public final class MediaServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public MediaServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int hits(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    /** Serves bytes with a Content-Length and, when given, a Content-Type. */
    public MediaServer file(String path, byte[] bytes, String contentType) {
        return handle(path, exchange -> {
            if (contentType != null) {
                exchange.getResponseHeaders().add("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    /** Streams {@code size} bytes without a Content-Length (chunked). */
    public MediaServer stream(String path, byte[] head, int size) {
        return handle(path, exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(head);
                byte[] chunk = new byte[8192];
                for (int sent = head.length; sent < size; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException clientGaveUp) {
                // expected: the server under test stops reading at its limit
            }
        });
    }

    public MediaServer status(String path, int status) {
        return handle(path, exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    public MediaServer redirect(String path, String location) {
        return handle(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }

    public MediaServer slow(String path, long millis) {
        return handle(path, exchange -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, 1);
            exchange.getResponseBody().write(0);
            exchange.close();
        });
    }

    /** Declares {@code size} bytes, then sends one every {@code millis}: each read is quick, the whole never ends in time. */
    public MediaServer trickle(String path, int size, long millis) {
        return handle(path, exchange -> {
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < size; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(millis);
                }
            } catch (IOException | InterruptedException clientGaveUp) {
                // expected: the server under test aborts at its deadline
            }
        });
    }

    /** Answers 503 {@code failures} times, then serves the file. */
    public MediaServer flaky(String path, int failures, byte[] bytes) {
        AtomicInteger calls = new AtomicInteger();
        return handle(path, exchange -> {
            if (calls.incrementAndGet() <= failures) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private MediaServer handle(String path, Handler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            handler.handle(exchange);
        });
        return this;
    }
}
