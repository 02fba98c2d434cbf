package cloud.wapiconnect.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.DatabaseAgnostic;
import cloud.wapiconnect.util.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: the packaged server on its embedded default (H2 file database in the data
 * directory, sandbox engine, no settings at all) migrates, prints its keys and runs the quick start.
 * The rest of the suite runs on MariaDB, so this is what keeps every migration working on H2 too.
 */
@DatabaseAgnostic
class EmbeddedDefaultIT {
    @Test
    void startsWithNoSettingsAndRunsTheQuickStart() throws IOException {
        Path data = Path.of("target", "embedded-default-data").toAbsolutePath();
        deleteRecursively(data);
        Path log = ServerProcess.logFile("embedded-default-server").toPath();
        try (ServerProcess server = new ServerProcess(Map.of("WAPI_DATA_DIR", data.toString()), log).start()) {
            String output = Files.readString(log);
            assertTrue(
                    output.contains("Admin key (X-Admin-Key)") && output.contains("Demo tenant key (X-API-Key)"),
                    output);
            String key = Files.readString(data.resolve("demo-api-key")).trim();
            Api api = new Api(server.uri());
            api.readySession(key, "main", "919876543210");
            Api.Response sent =
                    api.post("/api/whatsapp/session/main/send", key, "{\"to\":\"919876543211\",\"message\":\"Hi\"}");
            assertEquals(200, sent.status(), sent.toString());
            assertEquals(200, api.get("/api/settings/webhook", key).status());
            assertEquals(1, ((Number) api.get("/api/whatsapp/messages", key).get("total")).intValue());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
