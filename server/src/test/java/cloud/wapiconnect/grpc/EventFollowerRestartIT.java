package cloud.wapiconnect.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.EventFollower;
import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.Poll;
import cloud.wapiconnect.util.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client library's follower across a server restart: the packaged server in a process of its own is
 * killed (SIGKILL) while messages come in and started again on the same port; the application sees
 * every message once, in order, without doing anything.
 */
class EventFollowerRestartIT {
    @Test
    void followerResumesAcrossAServerKillAndRestartWithoutLosingOrRepeatingEvents() throws Exception {
        Path log = ServerProcess.logFile("grpc-restart-server").toPath();
        ServerProcess server = new ServerProcess(environment(), log).start();
        List<Event> seen = Collections.synchronizedList(new ArrayList<>());
        try {
            Api api = new Api(server.uri());
            Api.TestTenant tenant = api.tenant("starter");
            api.readySession(tenant.key(), "main", "919876543210");
            try (WapiClient client = Grpc.client(server.uri(), tenant.key());
                    EventFollower follower = client.follow(
                            SubscribeRequest.newBuilder()
                                    .setResumeAfter(0)
                                    .addTypes(EventType.EVENT_TYPE_MESSAGE)
                                    .build(),
                            seen::add)) {
                for (int i = 0; i < 50; i++) {
                    incoming(api, tenant.key(), "before " + i);
                }
                Poll.until(() -> seen.size() >= 20, Duration.ofSeconds(30), "the follower to be streaming");

                server.kill();
                server.start();
                api.awaitStatus(tenant.key(), "main", "ready");
                for (int i = 0; i < 50; i++) {
                    incoming(api, tenant.key(), "after " + i);
                }
                Poll.until(() -> seen.size() >= 100, Duration.ofSeconds(30), "all 100 messages");
                Thread.sleep(500);

                assertNull(follower.failure());
                assertTrue(follower.reconnects() >= 1, "it had to reconnect");
                List<String> bodies =
                        seen.stream().map(e -> e.getMessage().getBody()).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    expected.add("before " + i);
                }
                for (int i = 0; i < 50; i++) {
                    expected.add("after " + i);
                }
                assertEquals(expected, bodies, "every message once, in order");
                List<Long> ids = seen.stream().map(Event::getId).toList();
                assertEquals(ids.stream().sorted().distinct().toList(), ids);
                assertEquals(follower.lastId(), ids.getLast());
            }
        } finally {
            server.close();
        }
    }

    private static void incoming(Api api, String key, String body) {
        Api.Response r = api.post(
                "/api/sandbox/session/main/incoming", key, "{\"from\":\"919800000001\",\"body\":\"" + body + "\"}");
        assertEquals(200, r.status(), r.toString());
    }

    /** A database of its own, on the test database's kind (MariaDB or the embedded H2). */
    private static Map<String, String> environment() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_restart", "grpc-restart-data");
        env.put("WAPI_SANDBOX_RECONNECT_DELAY_MS", "100");
        return env;
    }
}
