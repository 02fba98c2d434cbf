package cloud.wapiconnect.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox keeps groups in its tables: a killed and restarted server process still has them. */
class SandboxGroupsRestartIT {
    private static final String GROUPS = "/api/whatsapp/session/main/groups";

    @Test
    @SuppressWarnings("unchecked")
    void groupsSurviveASigkilledServer() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_groups_restart", "groups-restart-data");
        Path log = ServerProcess.logFile("groups-restart-server").toPath();
        String key;
        String jid;
        try (ServerProcess first = new ServerProcess(env, log).start()) {
            Api api = new Api(first.uri());
            key = api.tenant("business").key();
            api.readySession(key, "main", "919800000300");
            Api.Response created = api.post(
                    GROUPS, key, "{\"subject\":\"Survivors\",\"participants\":[\"919800000301\",\"919800000302\"]}");
            assertEquals(200, created.status(), created.toString());
            jid = (String) created.get("id");
            assertEquals(
                    200,
                    api.send("PUT", GROUPS + "/" + jid, Map.of("X-API-Key", key), "{\"description\":\"kept on disk\"}")
                            .status());
            first.kill();
        }
        try (ServerProcess second = new ServerProcess(env, log).start()) {
            Api api = new Api(second.uri());
            api.awaitStatus(key, "main", "ready");
            Api.Response group = api.get(GROUPS + "/" + jid, key);
            assertEquals(200, group.status(), group.toString());
            assertEquals("Survivors", group.get("subject"));
            assertEquals("kept on disk", group.get("description"));
            assertEquals(3, group.get("size"));
            assertEquals(
                    List.of(jid),
                    ((List<Map<String, Object>>) api.get(GROUPS, key).get("groups"))
                            .stream().map(g -> g.get("id")).toList());
        }
    }
}
