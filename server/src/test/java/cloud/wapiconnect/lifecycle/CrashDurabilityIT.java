package cloud.wapiconnect.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cloud.wapiconnect.client.EventFollower;
import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.Poll;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * "kill -9 at any point loses nothing acknowledged", on both databases. The packaged server takes sends,
 * incoming messages and webhook settings, is killed with SIGKILL right after the last answer (no pause
 * for a write-behind store to catch up), and starts again on the same data: every acknowledged write is
 * there, every event a stream or webhook saw is still in the log, and the events after the restart have
 * ids above all of them, so clients that dedupe or resume on ids lose nothing.
 */
class CrashDurabilityIT {
    private static final int ROUNDS = 30;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** On the pass's database: MariaDB, then the embedded H2 that the README's first command starts. */
    @Test
    void aKillDashNineRightAfterTheLastAnswerLosesNothing() throws Exception {
        crashAndCheck(ServerProcess.freshDatabase("wapi_test_durability", "durability-data"), "durability");
    }

    /**
     * A machine crash can still cost H2 the last writes (it does not fsync); simulated here by taking the
     * newest events and the id sequence back by hand while the server is down. A client resuming after the
     * last id it saw must still get the events written after the restart.
     */
    @Test
    void onTheEmbeddedDatabaseNewEventIdsStayAboveDeliveredOnesEvenWhenTheFileLostItsTail() throws Exception {
        assumeTrue(TestDatabase.embedded(), "the embedded pass");
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_durability_tail", "durability-tail-data");
        Path log = ServerProcess.logFile("durability-tail-server").toPath();
        ServerProcess server = new ServerProcess(env, log).start();
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        try {
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000911");
            long lastSeen;
            try (WapiClient client = Grpc.client(server.uri(), key);
                    EventFollower follower = client.follow(messagesFrom(0), seen::add)) {
                for (int i = 0; i < 20; i++) {
                    incoming(api, key, "before " + i);
                }
                Poll.until(() -> seen.size() == 20, WAIT, "the stream to deliver the 20 messages");
                lastSeen = follower.lastId();
            }
            server.kill();

            String url = "jdbc:h2:file:" + Path.of(env.get("WAPI_DATA_DIR")).resolve("wapi")
                    + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE";
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement()) {
                long lostFrom = lastSeen - 9;
                assertTrue(s.executeUpdate("DELETE FROM events WHERE id >= " + lostFrom) >= 10);
                s.execute("ALTER TABLE events ALTER COLUMN id RESTART WITH " + lostFrom);
            }

            server.start();
            api.awaitStatus(key, "main", "ready");
            List<Event> after = Collections.synchronizedList(new ArrayList<>());
            try (WapiClient client = Grpc.client(server.uri(), key);
                    EventFollower follower = client.follow(messagesFrom(lastSeen), after::add)) {
                for (int i = 0; i < 5; i++) {
                    incoming(api, key, "after " + i);
                }
                Poll.until(
                        () -> after.size() >= 5,
                        WAIT,
                        "a client resuming after id " + lastSeen + " to get the 5 new messages");
                assertNull(follower.failure());
            }
            assertEquals(
                    List.of("after 0", "after 1", "after 2", "after 3", "after 4"),
                    after.stream().map(e -> e.getMessage().getBody()).toList());
            assertTrue(after.getFirst().getId() > lastSeen, after.getFirst().getId() + " > " + lastSeen);
        } finally {
            server.close();
        }
    }

    private static void crashAndCheck(Map<String, String> env, String name) throws Exception {
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        Path log = ServerProcess.logFile(name + "-server").toPath();
        ServerProcess server = new ServerProcess(env, log).start();
        List<Event> streamed = Collections.synchronizedList(new ArrayList<>());
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000901");
            List<String> sent = new ArrayList<>();
            String lastHook = "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\",\"message_status\"],"
                    + "\"secret\":\"whsec-after-crash\"}";
            try (WapiClient client = Grpc.client(server.uri(), key);
                    EventFollower follower = client.follow(
                            SubscribeRequest.newBuilder().setResumeAfter(0).build(), streamed::add)) {
                assertEquals(
                        200,
                        api.send(
                                        "PUT",
                                        "/api/settings/webhook",
                                        Map.of("X-API-Key", key),
                                        "{\"url\":\"" + receiver.url() + "\",\"events\":[\"message\"]}")
                                .status());
                for (int i = 0; i < ROUNDS; i++) {
                    Api.Response r = api.post(
                            "/api/whatsapp/session/main/send",
                            key,
                            "{\"to\":\"919876543211\",\"message\":\"out " + i + "\"}");
                    assertEquals(200, r.status(), r.toString());
                    sent.add((String) r.get("messageId"));
                    incoming(api, key, "in " + i);
                }
                Api.Response saved = api.send("PUT", "/api/settings/webhook", Map.of("X-API-Key", key), lastHook);
                assertEquals(200, saved.status(), saved.toString());
                server.kill(); // at once: the answer above is the last acknowledgement
            }
            List<Event> beforeKill = List.copyOf(streamed);
            Set<Long> hookIdsBeforeKill = receiver.received().stream()
                    .map(WebhookReceiver.Received::eventId)
                    .collect(Collectors.toSet());
            long highestDelivered = Math.max(
                    beforeKill.stream().mapToLong(Event::getId).max().orElse(0),
                    hookIdsBeforeKill.stream().mapToLong(Long::longValue).max().orElse(0));
            assertTrue(!beforeKill.isEmpty() && !hookIdsBeforeKill.isEmpty(), "events were delivered before the kill");

            server.start();
            api.awaitStatus(key, "main", "ready");

            // Every acknowledged write is there.
            Map<String, Object> page =
                    api.get("/api/whatsapp/messages?limit=100", key).json();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> messages = (List<Map<String, Object>>) page.get("messages");
            Set<String> ids =
                    messages.stream().map(m -> (String) m.get("messageId")).collect(Collectors.toSet());
            Set<String> bodies =
                    messages.stream().map(m -> (String) m.get("message")).collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                if (!ids.contains(sent.get(i))) {
                    missing.add("sent " + i);
                }
                if (!bodies.contains("in " + i)) {
                    missing.add("incoming " + i);
                }
            }
            assertEquals(List.of(), missing, "acknowledged messages missing after the restart");
            assertEquals(2 * ROUNDS, ((Number) page.get("total")).intValue());
            Map<String, Object> hook = api.get("/api/settings/webhook", key).json();
            assertEquals(List.of("message", "message_status"), hook.get("events"), "the last webhook settings");
            assertEquals(true, hook.get("secretSet"));

            // Every event delivered before the kill is still in the log under its id, and new ones come above.
            List<Event> replayed = Collections.synchronizedList(new ArrayList<>());
            try (WapiClient client = Grpc.client(server.uri(), key);
                    EventFollower follower = client.follow(
                            SubscribeRequest.newBuilder().setResumeAfter(0).build(), replayed::add)) {
                for (int i = 0; i < 5; i++) {
                    incoming(api, key, "after " + i);
                }
                Poll.until(
                        () -> newMessages(replayed).size() == 5, WAIT, "the messages after the restart on the stream");
                assertNull(follower.failure());
            }
            Map<Long, EventType> replayedTypes = new HashMap<>();
            replayed.forEach(e -> replayedTypes.put(e.getId(), e.getType()));
            List<String> lost = beforeKill.stream()
                    .filter(e -> replayedTypes.get(e.getId()) != e.getType())
                    .map(e -> e.getId() + " " + e.getType())
                    .toList();
            assertEquals(List.of(), lost, "events a stream saw before the kill, missing or changed after it");
            Set<Long> replayedIds = new HashSet<>(replayedTypes.keySet());
            assertTrue(
                    replayedIds.containsAll(hookIdsBeforeKill), "events a webhook got before the kill are in the log");
            for (Event e : newMessages(replayed)) {
                assertTrue(
                        e.getId() > highestDelivered,
                        "new event " + e.getId() + " must be above every id delivered before the kill ("
                                + highestDelivered + ")");
            }
            List<WebhookReceiver.Received> hooks = receiver.await(
                    r -> r.stream().filter(CrashDurabilityIT::isAfter).count() >= 5,
                    WAIT,
                    "the webhook deliveries after the restart");
            hooks.stream()
                    .filter(CrashDurabilityIT::isAfter)
                    .forEach(r -> assertTrue(
                            r.eventId() > highestDelivered,
                            "webhook event id " + r.eventId() + " must be above " + highestDelivered));
        } finally {
            server.close();
        }
    }

    private static SubscribeRequest messagesFrom(long resumeAfter) {
        return SubscribeRequest.newBuilder()
                .setResumeAfter(resumeAfter)
                .addTypes(EventType.EVENT_TYPE_MESSAGE)
                .build();
    }

    private static List<Event> newMessages(List<Event> events) {
        synchronized (events) {
            return events.stream()
                    .filter(e -> e.getType() == EventType.EVENT_TYPE_MESSAGE
                            && e.getMessage().getBody().startsWith("after "))
                    .toList();
        }
    }

    private static boolean isAfter(WebhookReceiver.Received r) {
        return "message".equals(r.event())
                && String.valueOf(r.data().get("body")).startsWith("after ");
    }

    private static void incoming(Api api, String key, String body) {
        Api.Response r = api.post(
                "/api/sandbox/session/main/incoming", key, "{\"from\":\"919800000001\",\"body\":\"" + body + "\"}");
        assertEquals(200, r.status(), r.toString());
    }
}
