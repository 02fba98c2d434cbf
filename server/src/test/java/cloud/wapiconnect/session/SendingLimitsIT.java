package cloud.wapiconnect.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SessionStatus;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.Poll;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp's sending caps and the connection watchdog on the sandbox engine, over real HTTP and gRPC: a
 * time-locked number's sends are refused with {@code 429 WHATSAPP_RATE_LIMITED}, its bulk jobs wait
 * ({@code whatsapp_limit}) and resume when the lock ends; a connection that goes silent is reconnected within
 * {@code WAPI_ENGINE_STALE_MS} (set small here).
 */
@HelidonTest
@AddConfig(key = "WAPI_ENGINE_STALE_MS", value = "400")
@AddConfig(key = "WAPI_SANDBOX_RECONNECT_DELAY_MS", value = "200")
class SendingLimitsIT {
    private static final String SEND = "{\"to\":\"919876543210\",\"message\":\"hello\"}";

    @Inject
    WebTarget target;

    private Api api;
    private String key;
    private ManagedChannel channel;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        key = api.tenant("business").key();
        channel = Grpc.channel(target.getUri());
    }

    @AfterEach
    void close() {
        Grpc.close(channel);
    }

    @Test
    void aTimeLockedNumberIsRefusedAndItsBulkJobWaitsUntilWhatsAppLiftsTheLock() throws Exception {
        api.readySession(key, "capped", "919800000051");
        Map<?, ?> none =
                (Map<?, ?>) api.get("/api/whatsapp/session/capped/status", key).get("limits");
        assertEquals(Map.of("reachOut", "ok", "newChats", "none"), none);

        try (EventRecorder events = EventRecorder.subscribe(
                channel,
                key,
                SubscribeRequest.newBuilder()
                        .addSessionIds("capped")
                        .addTypes(EventType.EVENT_TYPE_SESSION_LIMITS)
                        .build())) {
            // Live before the limits change (a heartbeat came); not resumed from 0, which the whole suite's
            // retention tests may already have purged.
            Poll.until(() -> events.heartbeats() > 0, Duration.ofSeconds(10), "the stream to be live");
            assertEquals(
                    200,
                    api.post(
                                    "/api/sandbox/session/capped/limits",
                                    key,
                                    "{\"reachOut\":\"time_locked\",\"newChats\":\"first_warning\"}")
                            .status());
            Map<?, ?> locked = (Map<?, ?>)
                    api.get("/api/whatsapp/session/capped/status", key).get("limits");
            assertEquals(Map.of("reachOut", "time_locked", "newChats", "first_warning"), locked);

            Event lockedEvent = events.next(EventType.EVENT_TYPE_SESSION_LIMITS, Duration.ofSeconds(5));
            assertNotNull(lockedEvent, "a session_limits event");
            assertEquals("time_locked", lockedEvent.getLimits().getReachOut());
            assertEquals("first_warning", lockedEvent.getLimits().getNewChats());
            assertFalse(lockedEvent.getLimits().hasReachOutUntil());

            // A send is refused before it is logged or counted: no end given, so a minute.
            Api.Response refused = api.post("/api/whatsapp/session/capped/send", key, SEND);
            assertEquals(429, refused.status(), refused.toString());
            assertEquals("WHATSAPP_RATE_LIMITED", refused.code());
            assertEquals(60, ((Number) refused.get("retryAfterSeconds")).intValue());
            assertEquals("60", refused.headers().get("retry-after"));
            assertEquals(0, ((Number) api.get("/api/usage", key).get("used")).intValue(), "nothing counted");

            // The same through gRPC: the session's limits, and RESOURCE_EXHAUSTED with the same reason.
            WapiClient grpc = WapiClient.on(channel, key);
            assertEquals("time_locked", grpc.sessionStatus("capped").getLimits().getReachOut());
            WapiClientException e =
                    assertThrows(WapiClientException.class, () -> grpc.sendText("capped", "919876543210", "hello"));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.status());
            assertEquals("WHATSAPP_RATE_LIMITED", e.code());
            assertEquals("60", e.metadata().get("retryAfterSeconds"));

            // A bulk job waits instead of sending into refusals, and goes on once WhatsApp lifts the lock.
            Api.Response job = api.post(
                    "/api/whatsapp/session/capped/send-bulk",
                    key,
                    "{\"recipients\":[\"919876500001\",\"919876500002\"],\"message\":\"hi\",\"delayMin\":0,\"delayMax\":0}");
            assertEquals(202, job.status(), job.toString());
            String jobPath = "/api/whatsapp/bulk-job/" + job.get("jobId");
            Api.Response waiting = Api.await(
                    () -> api.get(jobPath, key),
                    r -> "whatsapp_limit".equals(r.get("waitingFor")),
                    "the job to wait for WhatsApp's limit");
            assertEquals(0, ((Number) waiting.get("processed")).intValue());

            assertEquals(
                    200,
                    api.post("/api/sandbox/session/capped/limits", key, "{\"reachOut\":\"ok\"}")
                            .status());
            Api.Response done =
                    Api.await(() -> api.get(jobPath, key), r -> "completed".equals(r.get("status")), "the job");
            assertEquals(2, ((Number) done.get("succeeded")).intValue(), done.toString());
            assertNull(done.get("waitingFor"));
            Event lifted = events.next(EventType.EVENT_TYPE_SESSION_LIMITS, Duration.ofSeconds(5));
            assertEquals("ok", lifted.getLimits().getReachOut());
            assertEquals("first_warning", lifted.getLimits().getNewChats());

            // A lock with an end: retryAfterSeconds counts down to it, and it lifts by itself (and says so).
            Instant until = Instant.now().plusMillis(1500);
            assertEquals(
                    200,
                    api.post(
                                    "/api/sandbox/session/capped/limits",
                                    key,
                                    "{\"reachOut\":\"time_locked\",\"until\":\"" + until + "\"}")
                            .status());
            Map<?, ?> timed = (Map<?, ?>)
                    api.get("/api/whatsapp/session/capped/status", key).get("limits");
            assertEquals(
                    until.toEpochMilli(),
                    Instant.parse((String) timed.get("reachOutUntil")).toEpochMilli());
            Api.Response soon = api.post("/api/whatsapp/session/capped/send", key, SEND);
            assertEquals(429, soon.status());
            long retry = ((Number) soon.get("retryAfterSeconds")).longValue();
            assertTrue(retry >= 1 && retry <= 2, "retryAfterSeconds " + retry);
            Event timedEvent = events.next(EventType.EVENT_TYPE_SESSION_LIMITS, Duration.ofSeconds(5));
            assertEquals(
                    until.toEpochMilli() / 1000,
                    timedEvent.getLimits().getReachOutUntil().getSeconds());
            Event ended = events.next(EventType.EVENT_TYPE_SESSION_LIMITS, Duration.ofSeconds(5));
            assertEquals("ok", ended.getLimits().getReachOut(), "the sandbox lifts the lock at its end");
            assertEquals(
                    200,
                    api.post("/api/whatsapp/session/capped/send", key, SEND).status());
        }
    }

    @Test
    void theSandboxsLimitsControlRefusesWhatItCannotMeanAndWebhooksMaySubscribe() {
        api.readySession(key, "strict", "919800000052");
        String path = "/api/sandbox/session/strict/limits";
        assertEquals("reachOut", api.post(path, key, "{\"reachOut\":\"maybe\"}").get("field"));
        assertEquals("newChats", api.post(path, key, "{\"newChats\":\"lots\"}").get("field"));
        assertEquals("INVALID_REQUEST", api.post(path, key, "{}").code());
        assertEquals(
                "until",
                api.post(path, key, "{\"reachOut\":\"time_locked\",\"until\":\"2001-01-01T00:00:00Z\"}")
                        .get("field"));
        assertEquals(
                "until",
                api.post(path, key, "{\"reachOut\":\"ok\",\"until\":\"2099-01-01T00:00:00Z\"}")
                        .get("field"));
        assertEquals(
                "until",
                api.post(path, key, "{\"reachOut\":\"time_locked\",\"until\":\"soon\"}")
                        .get("field"));
        assertEquals(
                "SESSION_NOT_FOUND",
                api.post("/api/sandbox/session/nobody/limits", key, "{\"reachOut\":\"ok\"}")
                        .code());
        Api.Response webhook = api.send(
                "PUT",
                "/api/settings/webhook",
                Map.of("X-API-Key", key, "Content-Type", "application/json"),
                "{\"url\":\"https://1.1.1.1/hook\",\"events\":[\"session_limits\"]}");
        assertEquals(200, webhook.status(), webhook.toString());
    }

    @Test
    void aConnectionThatGoesSilentIsFoundStaleAndReconnects() throws Exception {
        api.readySession(key, "quiet", "919800000053");
        // A healthy connection outlives several watchdog periods.
        long healthyUntil = System.nanoTime() + Duration.ofMillis(1000).toNanos();
        while (System.nanoTime() < healthyUntil) {
            assertEquals(
                    "ready", api.get("/api/whatsapp/session/quiet/status", key).get("status"));
            Thread.sleep(50);
        }
        try (EventRecorder events = EventRecorder.subscribe(
                channel,
                key,
                SubscribeRequest.newBuilder()
                        .addSessionIds("quiet")
                        .addTypes(EventType.EVENT_TYPE_DISCONNECTED)
                        .addTypes(EventType.EVENT_TYPE_READY)
                        .build())) {
            Thread.sleep(100); // the stream is live before the network goes silent
            long silentAt = System.nanoTime();
            assertEquals(
                    200,
                    api.post("/api/sandbox/session/quiet/go-silent", key, null).status());
            assertEquals(
                    "ready", api.get("/api/whatsapp/session/quiet/status", key).get("status"));

            Event down = events.next(EventType.EVENT_TYPE_DISCONNECTED, Duration.ofSeconds(5));
            long staleAfterMs = (System.nanoTime() - silentAt) / 1_000_000;
            assertNotNull(down, "disconnected");
            assertEquals("stale", down.getSessionStatus().getReason());
            assertTrue(staleAfterMs >= 300 && staleAfterMs < 1500, "found stale after " + staleAfterMs + " ms");
            Event up = events.next(EventType.EVENT_TYPE_READY, Duration.ofSeconds(5));
            assertNotNull(up, "ready again");
            assertEquals(
                    SessionStatus.SESSION_STATUS_READY, up.getSessionStatus().getStatus());
        }
        assertEquals(
                200, api.post("/api/whatsapp/session/quiet/send", key, SEND).status());
    }
}
