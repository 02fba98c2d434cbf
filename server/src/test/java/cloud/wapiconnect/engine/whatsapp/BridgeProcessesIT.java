package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.BlackHole;
import cloud.wapiconnect.util.Poll;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import cloud.wapiconnect.util.WhatsAppServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code WAPI_BRIDGE_PROCESSES=2}: the packaged server with two real bridge processes from this checkout, and
 * WhatsApp Web behind a {@link BlackHole} (no session gets past connecting, so each reports one
 * {@code disconnected} per start of its socket and then retries quietly). Sessions are spread over both
 * processes; a {@code kill -9} of one restarts that process alone and starts only its sessions again. Run on
 * both databases (not {@code DatabaseAgnostic}): the restarted sessions are started again from what the store
 * holds for them, while the others' rows and events must stay as they were.
 */
class BridgeProcessesIT {
    private static final String DATABASE = "wapi_test_bridge_processes";
    private static final List<String> SESSIONS = List.of("p-a", "p-b", "p-c", "p-d");

    private static BlackHole whatsApp;
    private static WebhookReceiver webhook;
    private static ServerProcess server;
    private static Api api;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        whatsApp = new BlackHole();
        webhook = new WebhookReceiver();
        Map<String, String> env = WhatsAppServers.environment(DATABASE, whatsApp.url());
        env.put("WAPI_BRIDGE_PROCESSES", "2");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        env.put("WAPI_WEBHOOK_RETRY_INITIAL_MS", "100");
        server = new ServerProcess(
                        env, ServerProcess.logFile("bridge-processes-server").toPath())
                .start();
        api = new Api(server.uri());
        key = api.tenant("business").key();
        api.send(
                "PUT",
                "/api/settings/webhook",
                Map.of("X-API-Key", key),
                "{\"url\":\"" + webhook.url() + "\",\"events\":[\"disconnected\"]}");
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        webhook.close();
        whatsApp.close();
    }

    @Test
    void sessionsAreSpreadOverTheProcessesAndAKilledProcessRestartsOnlyItsOwnSessions() {
        Map<String, Object> health = bridgeCheck();
        assertEquals(2, number(health, "processes"));
        long pid0 = number(health, "process0.pid");
        long pid1 = number(health, "process1.pid");
        assertNotEquals(pid0, pid1);

        for (String session : SESSIONS) {
            assertEquals(
                    200,
                    api.post("/api/whatsapp/session", key, "{\"sessionId\":\"" + session + "\"}")
                            .status());
        }
        // Placed on the least loaded process as they connect: two each, and each process hosts its two.
        Poll.until(
                () -> sessionsOn(0) == 2 && sessionsOn(1) == 2,
                Duration.ofSeconds(15),
                "two sessions on each bridge process");
        assertEquals(2, number(bridgeCheck(), "process0.assigned"));
        assertEquals(2, number(bridgeCheck(), "process1.assigned"));
        assertEquals(4, number(bridgeCheck(), "sessions"));
        // Cluster mode is unchanged: the node holds the four leases, and its processes share what it holds.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>)
                api.admin("GET", "/api/admin/nodes", null).get("nodes");
        assertEquals(1, nodes.size(), nodes.toString());
        assertEquals(4, ((Number) nodes.getFirst().get("sessionsHeld")).intValue(), nodes.toString());
        // The same per process on /metrics (label process: the index).
        Poll.until(
                () -> metric("wapi_bridge_sessions", 0) == 2 && metric("wapi_bridge_sessions", 1) == 2,
                Duration.ofSeconds(10),
                "the sessions gauge per process");
        assertEquals(0, metric("wapi_bridge_restarts_total", 0));
        assertEquals(0, metric("wapi_bridge_restarts_total", 1));
        assertTrue(metric("wapi_bridge_rss_bytes", 1) > 0);

        // Each session reported its drop once; from now on each report is a start of its socket on a bridge.
        webhook.await(
                r -> disconnectedSessions(r).containsAll(SESSIONS),
                Duration.ofSeconds(20),
                "each session's first disconnected");
        WebhookReceiver.sleep(500);
        int before = webhook.received().size();

        ProcessHandle.of(pid0).orElseThrow().destroyForcibly(); // SIGKILL: no goodbye on the link

        // Throughout the restart, process 1 keeps its process, its sessions and its record.
        List<String> seen = new ArrayList<>();
        Poll.until(
                () -> {
                    Map<String, Object> now = bridgeCheck();
                    seen.add(number(now, "process1.pid") + "/" + number(now, "process1.sessions") + "/"
                            + number(now, "process1.restarts"));
                    return now.get("process0.pid") instanceof Number p
                            && p.longValue() != pid0
                            && now.get("process0.sessions") instanceof Number n
                            && n.intValue() == 2;
                },
                Duration.ofSeconds(20),
                "a new process 0 hosting its two sessions again");
        assertEquals(Set.of(pid1 + "/2/0"), Set.copyOf(seen), "process 1 as seen during the restart");
        assertFalse(ProcessHandle.of(pid0).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(1, number(bridgeCheck(), "process0.restarts"));
        assertEquals(1, number(bridgeCheck(), "restarts"));

        // Process 0's two sessions started on the new process (each reports its drop again); the others did not.
        webhook.await(
                r -> disconnectedSessions(r.subList(before, r.size())).size() >= 2,
                Duration.ofSeconds(15),
                "process 0's sessions starting again");
        WebhookReceiver.sleep(3 * WhatsAppServers.CONNECT_TIMEOUT_MS); // time for any other one to show up
        List<Received> after = webhook.received();
        Set<String> restarted = disconnectedSessions(after.subList(before, after.size()));
        assertEquals(2, restarted.size(), "sessions started again: " + restarted);
        Set<String> untouched = new TreeSet<>(SESSIONS);
        untouched.removeAll(restarted);
        assertEquals(2, untouched.size());
        for (String session : SESSIONS) {
            Api.Response status = api.get("/api/whatsapp/session/" + session + "/status", key);
            assertEquals("disconnected", status.get("status"), status.toString());
            assertEquals("connection_lost", status.get("reason"), status.toString());
        }
        assertEquals(pid1, number(bridgeCheck(), "process1.pid"));
        assertEquals(0, number(bridgeCheck(), "process1.restarts"));
        assertEquals(1, metric("wapi_bridge_restarts_total", 0));
        assertEquals(0, metric("wapi_bridge_restarts_total", 1));
    }

    /** A bridge meter's value for one process, from the Prometheus text on /metrics (-1: not there). */
    private static double metric(String name, int process) {
        String text = api.send("GET", "/metrics", Map.of("Accept", "text/plain"), null)
                .body();
        return text.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("process=\"" + process + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    private static Set<String> disconnectedSessions(List<Received> received) {
        return received.stream()
                .filter(r -> "disconnected".equals(r.event()))
                .map(r -> (String) r.json().get("sessionId"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bridgeCheck() {
        Api.Response health = api.send("GET", "/health/ready", Map.of(), null);
        for (Map<String, Object> check : (List<Map<String, Object>>) health.get("checks")) {
            if ("bridge".equals(check.get("name"))) {
                return (Map<String, Object>) check.get("data");
            }
        }
        throw new AssertionError("no bridge health check: " + health);
    }

    private static int sessionsOn(int process) {
        Object sessions = bridgeCheck().get("process" + process + ".sessions");
        return sessions == null ? -1 : ((Number) sessions).intValue();
    }

    private static long number(Map<String, Object> data, String name) {
        Object value = data.get(name);
        if (!(value instanceof Number n)) {
            throw new AssertionError(name + " is not a number: " + data);
        }
        return n.longValue();
    }
}
