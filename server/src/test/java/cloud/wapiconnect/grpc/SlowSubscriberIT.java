package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.RawHttp2;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading is cut with {@code RESOURCE_EXHAUSTED} ({@code SUBSCRIBER_TOO_SLOW}),
 * trailers and all, well before Helidon's 15 s flow-control wait would give up on the stream silently,
 * whether events pour in (its buffer overflows) or trickle (its flow-control window stays shut), and it
 * resumes from the last event it got without losing one.
 * <p>
 * The subscriber is a raw HTTP/2 connection that never sends a WINDOW_UPDATE, so the server can write only
 * as much as the window it was given at the start; events are incoming messages on the sandbox.
 */
@HelidonTest
@DatabaseAgnostic
class SlowSubscriberIT {
    private static final String SUBSCRIBE = "/wapiconnect.v1.Events/Subscribe";
    /** Helidon's flow-control timeout (http_2 flow-control-timeout, PT15S by default). */
    private static final Duration TRANSPORT_GIVES_UP = Duration.ofSeconds(15);

    private static final Duration CUT_WITHIN = Duration.ofSeconds(10);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<LogRecord> SEVERE = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Handler SEVERE_RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                SEVERE.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Inject
    WebTarget target;

    @Inject
    EventLog eventLog;

    @Inject
    SandboxService sandbox;

    @Inject
    TenantService tenants;

    @BeforeAll
    static void recordSevereLogs() {
        Logger.getLogger("").addHandler(SEVERE_RECORDER);
    }

    @AfterAll
    static void stopRecording() {
        Logger.getLogger("").removeHandler(SEVERE_RECORDER);
    }

    @Test
    void subscriberThatStopsReadingWhileEventsPourInIsCutAndResumesWithoutLoss() throws Exception {
        // A 16 KiB window fills after about a hundred events; four writers on the service go on as fast as
        // they can, so the stream's buffer (WAPI_EVENT_BUFFER, 256 in the tests) overflows behind it, unless
        // the machine is too busy to make 256 events before the window has been shut for
        // WAPI_EVENT_SLOW_CONSUMER_MS; either way the stream is cut in time.
        Map<String, Tenant> byKey = new ConcurrentHashMap<>();
        cutAndResume(
                16_384,
                4,
                (tenant, from, body) -> sandbox.incoming(
                        byKey.computeIfAbsent(tenant.key(), tenants::authenticate), "main", from, body, "text", false));
    }

    @Test
    void subscriberThatStopsReadingWhileEventsTrickleIsCutAndResumesWithoutLoss() throws Exception {
        // A 4 KiB window fills after a few dozen events; four events a second over the REST API never fill
        // the buffer, so only the time the stream has been unable to write tells that its reader stopped.
        Api rest = new Api(target.getUri());
        String why = cutAndResume(4096, 1, (tenant, from, body) -> {
            Api.Response r = rest.post(
                    "/api/sandbox/session/main/incoming",
                    tenant.key(),
                    "{\"from\":\"" + from + "\",\"body\":\"" + body + "\"}");
            assertEquals(200, r.status(), r.toString());
            Thread.sleep(250);
        });
        assertTrue(why.contains("took no data for 5000 ms"), why);
    }

    /** Makes one incoming message (so one event) for a tenant. */
    private interface Incoming {
        void send(Api.TestTenant tenant, String from, String body) throws Exception;
    }

    /** Stalls a stream, makes events until it is cut, checks the cut and the resume; returns the cut's message. */
    private String cutAndResume(int window, int writers, Incoming incoming) throws Exception {
        Api api = new Api(target.getUri());
        Api.TestTenant t = api.tenant("starter");
        api.readySession(t.key(), "main", "919876543210");
        long start = lastEventId(t.id());
        SEVERE.clear();

        try (RawHttp2 h2 = RawHttp2.connect(
                target.getUri(),
                Map.of(RawHttp2.SETTINGS_ENABLE_PUSH, 0, RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, window))) {
            RawHttp2.Stream stream = h2.request(h2.grpcHeadersIndexed(SUBSCRIBE).literal("x-api-key", t.key()), false);
            h2.sendMessage(
                    stream,
                    SubscribeRequest.newBuilder().setResumeAfter(start).build().toByteArray(),
                    true);
            assertEquals("200", stream.awaitHeaders(WAIT).orElseThrow().get(":status"));

            AtomicBoolean generating = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> generators = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                generators.add(pool.submit(() -> {
                    // Bounded, so a stream that is never cut cannot make the test write forever.
                    for (int i = 0; generating.get() && i < 2000 / writers; i++) {
                        incoming.send(t, "9198000" + writer + String.format("%04d", i), "m" + writer + "-" + i);
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }

            RawHttp2.End end;
            try {
                end = stream.awaitEnd(TRANSPORT_GIVES_UP.plus(WAIT));
            } finally {
                generating.set(false);
                for (Future<?> g : generators) {
                    g.get(30, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }
            long stalledAt = stream.lastDataNanos();
            Duration stalledFor = Duration.ofNanos(end.atNanos() - stalledAt);

            assertEquals(RawHttp2.EndKind.TRAILERS, end.kind(), "the stream ends with trailers: " + end);
            assertEquals("8", end.grpcStatus(), "RESOURCE_EXHAUSTED: " + end);
            ErrorInfo info = errorInfo(end.trailers());
            assertEquals("SUBSCRIBER_TOO_SLOW", info.getReason(), info.toString());
            assertEquals(GrpcErrors.DOMAIN, info.getDomain());
            assertTrue(
                    stalledFor.compareTo(CUT_WITHIN) < 0,
                    "cut " + stalledFor + " after the last DATA frame, " + sent.get() + " events sent, "
                            + stream.dataBytes() + " bytes received ("
                            + end.trailers().get("grpc-message") + ")");

            // What it got before the cut, then a normal client resuming after its last id: every event once, in order.
            List<Event> received = new ArrayList<>();
            for (Optional<byte[]> m; (m = stream.nextMessage(Duration.ofMillis(1))).isPresent(); ) {
                Event e = Event.parseFrom(m.get());
                if (e.getType() != EventType.EVENT_TYPE_HEARTBEAT) {
                    received.add(e);
                }
            }
            List<Long> expected = eventLog.after(t.id(), start, 5000).stream()
                    .map(e -> e.id())
                    .toList();
            assertEquals(sent.get(), expected.size(), "one event per incoming message");
            assertTrue(received.size() < expected.size(), "cut before the end: " + received.size());
            System.out.printf(
                    "SlowSubscriberIT window %d, %d writer(s): cut %d ms after the last DATA frame, "
                            + "%d of %d events received (%d DATA bytes): %s%n",
                    window,
                    writers,
                    stalledFor.toMillis(),
                    received.size(),
                    expected.size(),
                    stream.dataBytes(),
                    end.trailers().get("grpc-message"));
            ManagedChannel channel = Grpc.channel(target.getUri());
            try (EventRecorder resumed = EventRecorder.subscribe(
                    channel,
                    t.key(),
                    SubscribeRequest.newBuilder()
                            .setResumeAfter(
                                    received.isEmpty()
                                            ? start
                                            : received.getLast().getId())
                            .build())) {
                received.addAll(resumed.take(expected.size() - received.size(), WAIT));
                Thread.sleep(300);
                assertEquals(List.of(), resumed.drain(), "nothing after the last");
            } finally {
                Grpc.close(channel);
            }
            assertEquals(expected, received.stream().map(Event::getId).toList(), "each event once, in log order");

            // Had the write been left blocked, Helidon would log its time-out 15 s after the window shut.
            long quiet = stalledAt + TRANSPORT_GIVES_UP.plusSeconds(1).toNanos() - System.nanoTime();
            if (quiet > 0) {
                Thread.sleep(quiet / 1_000_000);
            }
            List<String> flowControlErrors = SEVERE.stream()
                    .map(SlowSubscriberIT::text)
                    .filter(s -> s.contains("Flow control") || s.contains("Failed to respond to grpc request"))
                    .toList();
            assertEquals(List.of(), flowControlErrors, "no write was left to time out");
            return end.trailers().get("grpc-message");
        }
    }

    private static ErrorInfo errorInfo(Map<String, String> trailers) throws Exception {
        String details = trailers.get("grpc-status-details-bin");
        assertTrue(details != null, "trailers carry grpc-status-details-bin: " + trailers);
        com.google.rpc.Status status =
                com.google.rpc.Status.parseFrom(Base64.getDecoder().decode(details));
        return status.getDetails(0).unpack(ErrorInfo.class);
    }

    private static String text(LogRecord record) {
        StringBuilder s = new StringBuilder(record.getLoggerName() + ": " + record.getMessage());
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            s.append(" / ").append(t);
        }
        return s.toString();
    }

    private long lastEventId(String tenantId) {
        long last = 0;
        List<cloud.wapiconnect.event.Event> page;
        while (!(page = eventLog.after(tenantId, last, 1000)).isEmpty()) {
            last = page.getLast().id();
        }
        return last;
    }
}
