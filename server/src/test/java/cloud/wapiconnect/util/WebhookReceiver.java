package cloud.wapiconnect.util;

import cloud.wapiconnect.json.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/** A real HTTP webhook receiver on 127.0.0.1: records every request and answers as the test says. */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as it arrived: headers (lower-case names), the raw body, when (System.nanoTime). */
    public record Received(Map<String, String> headers, String body, long atNanos, int answeredWith) {
        public Map<String, Object> json() {
            return Json.readObject(body);
        }

        public long eventId() {
            return Long.parseLong(headers.get("x-wapi-event-id"));
        }

        public String event() {
            return headers.get("x-wapi-event");
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }

        public boolean ok() {
            return answeredWith >= 200 && answeredWith < 300;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private volatile Function<String, Integer> responder = body -> 200;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
            long at = System.nanoTime();
            int status = responder.apply(body);
            synchronized (received) {
                received.add(new Received(headers, body, at, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** How to answer from now on: the status for a body (the function may sleep, to hang). */
    public void respond(Function<String, Integer> responder) {
        this.responder = responder;
    }

    public void respondWith(int status) {
        respond(body -> status);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests answered with a 2xx. */
    public List<Received> delivered() {
        return received().stream().filter(Received::ok).toList();
    }

    /** Waits (at most {@code timeout}) until what arrived satisfies the condition; returns it. */
    public List<Received> await(Predicate<List<Received>> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> now;
        do {
            now = received();
            if (done.test(now)) {
                return now;
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Timed out waiting for " + what + "; received " + now.size() + ": "
                + new ArrayList<>(now.stream()
                        .map(r -> r.event() + "#" + r.eventId() + "=" + r.answeredWith())
                        .toList()));
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
