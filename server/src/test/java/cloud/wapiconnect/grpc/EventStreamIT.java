package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.event.EventFeed;
import cloud.wapiconnect.event.EventFeedRepository;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventRetention;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.MessageStatus;
import cloud.wapiconnect.proto.v1.SessionStatus;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.qr.QrRenderer;
import cloud.wapiconnect.sandbox.SandboxService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event stream over real grpc-java channels against MariaDB, fed by the sandbox phone. */
@HelidonTest
class EventStreamIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    WebTarget target;

    @Inject
    SandboxService sandbox;

    @Inject
    TenantService tenants;

    @Inject
    EventLog eventLog;

    @Inject
    EventRetention retention;

    @Inject
    EventFeedRepository feedLog;

    @Inject
    EventFeed feed;

    private Api api;
    private ManagedChannel channel;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void connect() {
        api = new Api(target.getUri());
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void disconnect() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        Grpc.close(channel);
    }

    private EventRecorder subscribe(String key, SubscribeRequest request) {
        EventRecorder recorder = EventRecorder.subscribe(channel, key, request);
        open.add(recorder);
        return recorder;
    }

    private static SubscribeRequest live() {
        return SubscribeRequest.getDefaultInstance();
    }

    /**
     * From the current end of the log: a subscription that is still being set up when the events come
     * gets them by replay instead of missing them (a live-only one started "before" may not be).
     */
    private SubscribeRequest.Builder fromNow() {
        return SubscribeRequest.newBuilder().setResumeAfter(feedLog.maxIdBefore(Long.MAX_VALUE));
    }

    @Test
    void subscriberSeesQrAuthenticatedReadyThenIncomingMessagesAndAcks() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        EventRecorder events = subscribe(t.key(), fromNow().build());
        api.post("/api/whatsapp/session", t.key(), "{\"sessionId\":\"main\"}");

        Event qr = events.next(WAIT);
        assertEquals(EventType.EVENT_TYPE_QR, qr.getType());
        assertEquals(t.id(), qr.getTenantId());
        assertEquals("main", qr.getSessionId());
        assertEquals(
                SessionStatus.SESSION_STATUS_QR_READY, qr.getSessionStatus().getStatus());
        assertFalse(qr.getSessionStatus().getQr().isEmpty());
        assertArrayEquals(
                QrRenderer.png(qr.getSessionStatus().getQr()),
                qr.getSessionStatus().getQrPng().toByteArray());

        api.post("/api/sandbox/session/main/scan", t.key(), "{\"phoneNumber\":\"919876543210\"}");
        Event authenticated = events.next(EventType.EVENT_TYPE_AUTHENTICATED, WAIT);
        assertEquals(
                SessionStatus.SESSION_STATUS_AUTHENTICATED,
                authenticated.getSessionStatus().getStatus());
        Event ready = events.next(WAIT);
        assertEquals(EventType.EVENT_TYPE_READY, ready.getType());
        assertEquals("919876543210", ready.getSessionStatus().getPhoneNumber());
        assertTrue(ready.getId() > authenticated.getId() && authenticated.getId() > qr.getId());

        Api.Response incoming = api.post(
                "/api/sandbox/session/main/incoming", t.key(), "{\"from\":\"919800000001\",\"body\":\"Hello there\"}");
        Event message = events.next(WAIT);
        assertEquals(EventType.EVENT_TYPE_MESSAGE, message.getType());
        assertEquals(incoming.get("messageId"), message.getMessage().getMessageId());
        assertEquals("919800000001@s.whatsapp.net", message.getMessage().getFrom());
        assertEquals("Hello there", message.getMessage().getBody());
        assertEquals("text", message.getMessage().getType());
        assertFalse(message.getMessage().getIsGroup());

        try (WapiClient client = Grpc.client(target.getUri(), t.key())) {
            String messageId = client.sendText("main", "919800000002", "Hi!").getMessageId();
            List<MessageStatus> acks = new ArrayList<>();
            while (acks.size() < 3) {
                Event ack = events.next(EventType.EVENT_TYPE_MESSAGE_STATUS, WAIT);
                assertEquals(messageId, ack.getMessageStatus().getMessageId());
                acks.add(ack.getMessageStatus().getStatus());
            }
            assertEquals(
                    List.of(
                            MessageStatus.MESSAGE_STATUS_SENT,
                            MessageStatus.MESSAGE_STATUS_DELIVERED,
                            MessageStatus.MESSAGE_STATUS_READ),
                    acks);
        }
    }

    @Test
    void liveEventArrivesWithinMilliseconds() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        Tenant tenant = readyTenant(t);
        EventRecorder events = subscribe(t.key(), fromNow().build());
        awaitSubscribers(t.id(), 1);
        List<Long> latencies = new ArrayList<>();
        long previousId = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            String messageId = sandbox.incoming(tenant, "main", "919800000001", "ping " + i, "text", false);
            Event event = events.next(WAIT);
            latencies.add((System.nanoTime() - start) / 1_000_000);
            // Fast is worth nothing if it is the wrong event: each one is this message, in order, whole.
            assertEquals(EventType.EVENT_TYPE_MESSAGE, event.getType(), event.toString());
            assertEquals(t.id(), event.getTenantId());
            assertEquals("main", event.getSessionId());
            assertTrue(event.getId() > previousId, "ids ascend: " + previousId + " then " + event.getId());
            previousId = event.getId();
            assertTrue(event.hasTimestamp(), event.toString());
            assertEquals(messageId, event.getMessage().getMessageId());
            assertEquals("919800000001@s.whatsapp.net", event.getMessage().getFrom());
            assertEquals("ping " + i, event.getMessage().getBody());
            assertEquals("text", event.getMessage().getType());
            assertFalse(event.getMessage().getIsGroup());
        }
        latencies.sort(null);
        assertTrue(latencies.get(latencies.size() - 2) < 100, "95th percentile under 100 ms: " + latencies);
    }

    @Test
    void filtersBySessionAndType() throws Exception {
        Api.TestTenant t = api.tenantOnPlan("grpc-filters", 5, 1000);
        Tenant tenant = readyTenant(t);
        api.readySession(t.key(), "second", "919876543219");
        EventRecorder onlySecond =
                subscribe(t.key(), fromNow().addSessionIds("second").build());
        EventRecorder onlyStatus = subscribe(
                t.key(), fromNow().addTypes(EventType.EVENT_TYPE_DISCONNECTED).build());

        sandbox.incoming(tenant, "main", "919800000001", "to main", "text", false);
        sandbox.incoming(tenant, "second", "919800000001", "to second", "text", false);
        api.post("/api/whatsapp/session/main/disconnect", t.key(), null);

        Event second = onlySecond.next(WAIT);
        assertEquals("second", second.getSessionId());
        assertEquals("to second", second.getMessage().getBody());
        Event disconnected = onlyStatus.next(WAIT);
        assertEquals(EventType.EVENT_TYPE_DISCONNECTED, disconnected.getType());
        assertEquals("main", disconnected.getSessionId());
        Thread.sleep(300);
        assertEquals(List.of(), onlySecond.drain());
        assertEquals(List.of(), onlyStatus.drain());
    }

    @Test
    void tenantsNeverSeeEachOthersEvents() throws Exception {
        long before = feedLog.maxIdBefore(Long.MAX_VALUE);
        Api.TestTenant a = api.tenant("starter");
        Api.TestTenant b = api.tenant("starter");
        Tenant tenantA = readyTenant(a);
        Tenant tenantB = readyTenant(b);
        // Replaying from before both tenants' events would show the other's if the tenant filter were missing.
        EventRecorder seenByA = subscribe(
                a.key(), SubscribeRequest.newBuilder().setResumeAfter(before).build());
        EventRecorder seenByB = subscribe(
                b.key(), SubscribeRequest.newBuilder().setResumeAfter(before).build());
        sandbox.incoming(tenantA, "main", "919800000001", "for A", "text", false);
        sandbox.incoming(tenantB, "main", "919800000001", "for B", "text", false);

        List<Event> forA = seenByA.take(4, WAIT); // qr, authenticated, ready, message
        List<Event> forB = seenByB.take(4, WAIT);
        assertTrue(forA.stream().allMatch(e -> e.getTenantId().equals(a.id())), forA.toString());
        assertTrue(forB.stream().allMatch(e -> e.getTenantId().equals(b.id())), forB.toString());
        assertEquals("for A", forA.get(3).getMessage().getBody());
        assertEquals("for B", forB.get(3).getMessage().getBody());
        Thread.sleep(300);
        assertEquals(List.of(), seenByA.drain());
        assertEquals(List.of(), seenByB.drain());
    }

    @Test
    void clientCutMidStreamResumesAndReceivesEachOfAThousandEventsOnceInOrder() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        Tenant tenant = readyTenant(t);
        long start = lastEventId(t.id());
        ManagedChannel cutChannel = Grpc.channel(target.getUri());
        EventRecorder first = EventRecorder.subscribe(
                cutChannel,
                t.key(),
                SubscribeRequest.newBuilder().setResumeAfter(start).build());

        // Four writers at once, so ids commit out of order while the stream is cut and resumed.
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> writing = IntStream.range(0, 4)
                .mapToObj(w -> writers.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        sandbox.incoming(
                                tenant,
                                "main",
                                "9198000" + w + String.format("%04d", i),
                                "m" + w + "-" + i,
                                "text",
                                false);
                    }
                }))
                .<Future<?>>map(f -> f)
                .toList();

        List<Event> received = new ArrayList<>(first.take(150, WAIT));
        Grpc.close(cutChannel); // the cut: the connection drops mid-stream while events are still being written
        received.addAll(first.drain());
        long resumeAfter = received.getLast().getId();

        EventRecorder resumed = subscribe(
                t.key(),
                SubscribeRequest.newBuilder().setResumeAfter(resumeAfter).build());
        for (Future<?> f : writing) {
            f.get();
        }
        writers.shutdown();
        received.addAll(resumed.take(1000 - received.size(), Duration.ofSeconds(30)));
        Thread.sleep(300);
        assertEquals(List.of(), resumed.drain(), "nothing after the thousandth");

        List<Long> expected =
                eventLog.after(t.id(), start, 2000).stream().map(e -> e.id()).toList();
        assertEquals(1000, expected.size());
        assertEquals(expected, received.stream().map(Event::getId).toList(), "each event once, in log order");
        assertEquals(
                1000,
                received.stream().map(e -> e.getMessage().getBody()).distinct().count());
    }

    @Test
    void slowConsumerIsCutWithResourceExhaustedWhileAFastOneKeepsUp() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        Tenant tenant = readyTenant(t);
        long start = lastEventId(t.id());
        ManagedChannel slowChannel = Grpc.channel(target.getUri(), 16 * 1024);
        try {
            SubscribeRequest fromStart =
                    SubscribeRequest.newBuilder().setResumeAfter(start).build();
            EventRecorder slow = EventRecorder.subscribe(slowChannel, t.key(), fromStart, Duration.ofMillis(50));
            EventRecorder fast = subscribe(t.key(), fromStart);
            awaitSubscribers(t.id(), 2);
            int total = 1500;
            for (int i = 0; i < total; i++) {
                sandbox.incoming(tenant, "main", "919800000001", "burst " + i, "text", false);
            }
            List<Event> fastGot = fast.take(total, Duration.ofSeconds(30));
            List<Long> expected = eventLog.after(t.id(), start, 5000).stream()
                    .map(e -> e.id())
                    .toList();
            assertEquals(
                    expected, fastGot.stream().map(Event::getId).toList(), "the fast consumer got everything in order");

            WapiClientException cut = slow.awaitError(Duration.ofSeconds(60));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, cut.status());
            assertEquals("SUBSCRIBER_TOO_SLOW", cut.code());

            // It resumes from the last event it handled and loses nothing.
            List<Event> slowGot = new ArrayList<>(slow.drain());
            assertTrue(slowGot.size() < total, "cut before the end: " + slowGot.size());
            EventRecorder again = subscribe(
                    t.key(),
                    SubscribeRequest.newBuilder()
                            .setResumeAfter(
                                    slowGot.isEmpty()
                                            ? start
                                            : slowGot.getLast().getId())
                            .build());
            slowGot.addAll(again.take(total - slowGot.size(), WAIT));
            assertEquals(expected, slowGot.stream().map(Event::getId).toList());
        } finally {
            Grpc.close(slowChannel);
        }
    }

    @Test
    void idleStreamGetsHeartbeats() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        EventRecorder idle = subscribe(t.key(), live());
        Thread.sleep(2500); // WAPI_EVENT_HEARTBEAT_MS is 1000 in the test run
        assertTrue(idle.heartbeats() >= 1, "heartbeats: " + idle.heartbeats());
        assertFalse(idle.ended());
    }

    @Test
    void resumingFromBeforeRetentionIsOutOfRangeWithTheOldestId() throws Exception {
        Api.TestTenant t = api.tenant("starter");
        Tenant tenant = readyTenant(t);
        long before = lastEventId(t.id());
        retention.purgeOlderThan(System.currentTimeMillis() + 1000);
        sandbox.incoming(tenant, "main", "919800000001", "after the purge", "text", false);
        long oldest = lastEventId(t.id());

        EventRecorder expired = subscribe(
                t.key(),
                SubscribeRequest.newBuilder().setResumeAfter(before - 1).build());
        WapiClientException e = expired.awaitError(WAIT);
        assertEquals(Status.Code.OUT_OF_RANGE, e.status());
        assertEquals("EVENTS_EXPIRED", e.code());
        assertEquals(String.valueOf(oldest), e.metadata().get("oldestId"));

        EventRecorder fromOldest = subscribe(
                t.key(),
                SubscribeRequest.newBuilder().setResumeAfter(oldest - 1).build());
        assertEquals("after the purge", fromOldest.next(WAIT).getMessage().getBody());
    }

    @Test
    void missingKeyIsUnauthenticated() throws Exception {
        EventRecorder anonymous = subscribe(null, live());
        WapiClientException e = anonymous.awaitError(WAIT);
        assertEquals(Status.Code.UNAUTHENTICATED, e.status());
        assertEquals("UNAUTHORIZED", e.code());
    }

    /** Waits until this many streams are registered with the feed (so the next events are live for them). */
    private void awaitSubscribers(String tenantId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (feed.subscribers(tenantId) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + feed.subscribers(tenantId) + " subscribers registered");
            }
            Thread.sleep(10);
        }
    }

    private Tenant readyTenant(Api.TestTenant t) {
        api.readySession(t.key(), "main", "919876543210");
        return tenants.authenticate(t.key());
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
