package cloud.wapiconnect.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged server with SIGKILL in the middle of a bulk job, starts it again on the same
 * database and checks the job's invariants against what the sandbox network persisted.
 */
class BulkJobCrashIT {
    private static final String DATABASE = "wapi_test_crash";

    @Test
    void aJobSurvivesKillDashNineWithoutSendingAnyoneTwice() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase(DATABASE, "crash-data");
        Path log = ServerProcess.logFile("bulk-crash-server").toPath();
        String key;
        String jobId;
        int total = 40;
        try (ServerProcess first = new ServerProcess(env, log).start()) {
            Api api = new Api(first.uri());
            key = api.tenant("business").key();
            api.readySession(key, "main", "919800000200");
            List<String> recipients = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                recipients.add("\"" + (i % 7 == 3 ? "99900000" : "91987650") + String.format("%04d", i) + "\"");
            }
            Api.Response accepted = api.post(
                    "/api/whatsapp/session/main/send-bulk",
                    key,
                    "{\"recipients\":" + recipients + ",\"message\":\"crash test\",\"delayMin\":20,\"delayMax\":60}");
            assertEquals(202, accepted.status(), accepted.toString());
            jobId = (String) accepted.get("jobId");
            Api.await(
                    () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                    r -> ((Number) r.get("processed")).intValue() >= 10,
                    "the job to be under way");
            first.kill();
        }

        try (ServerProcess second = new ServerProcess(env, log).start()) {
            Api api = new Api(second.uri());
            assertEquals("ready", api.awaitStatus(key, "main", "ready").get("status"), "the link survives the crash");
            Map<String, Object> job = Api.await(
                            () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                            r -> "completed".equals(r.get("status")),
                            "the job to finish after the restart")
                    .json();

            List<Map<String, Object>> recipients = allRecipients(api, key, jobId);
            assertEquals(total, recipients.size());
            Map<String, Long> byStatus = recipients.stream()
                    .collect(Collectors.groupingBy(r -> (String) r.get("status"), Collectors.counting()));
            assertTrue(Set.of("sent", "failed").containsAll(byStatus.keySet()), "every recipient ended: " + byStatus);
            int succeeded = ((Number) job.get("succeeded")).intValue();
            int failed = ((Number) job.get("failed")).intValue();
            assertEquals(succeeded + failed, ((Number) job.get("processed")).intValue());
            assertEquals(total, succeeded + failed);
            assertEquals(byStatus.getOrDefault("sent", 0L).intValue(), succeeded);

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> delivered = (List<Map<String, Object>>)
                    api.get("/api/sandbox/session/main/delivered", key).get("messages");
            Map<String, Long> deliveries =
                    delivered.stream().collect(Collectors.groupingBy(d -> (String) d.get("to"), Collectors.counting()));
            deliveries.forEach((to, times) -> assertEquals(1L, times, to + " was sent " + times + " times"));
            Set<String> sentPhones = recipients.stream()
                    .filter(r -> "sent".equals(r.get("status")))
                    .map(r -> r.get("phone") + "@s.whatsapp.net")
                    .collect(Collectors.toSet());
            assertEquals(sentPhones, deliveries.keySet(), "exactly the recipients marked sent reached the network");
            recipients.stream()
                    .filter(r -> "failed".equals(r.get("status")))
                    .forEach(r -> assertTrue(
                            ((String) r.get("phone")).startsWith("999") || "INTERRUPTED".equals(r.get("error")),
                            r.toString()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> allRecipients(Api api, String key, String jobId) {
        return (List<Map<String, Object>>) api.get("/api/whatsapp/bulk-job/" + jobId + "/recipients?limit=1000", key)
                .get("recipients");
    }
}
