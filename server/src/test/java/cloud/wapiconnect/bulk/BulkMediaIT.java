package cloud.wapiconnect.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.MediaFiles;
import cloud.wapiconnect.util.MediaServer;
import cloud.wapiconnect.util.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Media bulk jobs (an image from {@code mediaBase64} and from {@code mediaUrl}, a sticker) under the
 * packaged server, on each pass's database (the embedded H2 default and MariaDB). H2 hands the stored
 * media back as a {@code Blob}, not a byte array: such jobs stayed {@code running} with nothing sent while
 * their worker wrote thousands of stack traces a second.
 */
class BulkMediaIT {
    private static final byte[] PNG = MediaFiles.png();
    private static final byte[] JPEG = MediaFiles.jpeg();
    private static final byte[] WEBP = MediaFiles.webp();

    /** On the pass's database: the embedded H2 in the h2 pass, MariaDB in the other. */
    @Test
    void imageAndStickerJobsComplete() throws Exception {
        runMediaJobs(
                new HashMap<>(ServerProcess.freshDatabase("wapi_test_bulk_media", "bulk-media-data")),
                "bulk-media-server");
    }

    private static void runMediaJobs(Map<String, String> env, String logName) throws IOException {
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true"); // the media server is on loopback
        Path log = ServerProcess.logFile(logName).toPath();
        Files.deleteIfExists(log);
        try (MediaServer files = new MediaServer().file("/photo.jpg", JPEG, "image/jpeg");
                ServerProcess server = new ServerProcess(env, log).start()) {
            Api api = new Api(server.uri());
            String key = api.tenant("business").key();
            api.readySession(key, "main", "919800000400");
            String recipients = "\"recipients\":[\"919876543210\",{\"phone\":\"919876543211\",\"name\":\"Asha\"}],"
                    + "\"delayMin\":0,\"delayMax\":0";
            Map<String, byte[]> jobs = Map.of(
                    submit(
                                    api,
                                    key,
                                    "{" + recipients
                                            + ",\"type\":\"image\",\"message\":\"Hi {{name}}\",\"mediaBase64\":\""
                                            + Base64.getEncoder().encodeToString(PNG) + "\"}"),
                            PNG,
                    submit(
                                    api,
                                    key,
                                    "{" + recipients + ",\"type\":\"image\",\"mediaUrl\":\"" + files.url("/photo.jpg")
                                            + "\"}"),
                            JPEG,
                    submit(
                                    api,
                                    key,
                                    "{" + recipients + ",\"type\":\"sticker\",\"mediaBase64\":\""
                                            + Base64.getEncoder().encodeToString(WEBP) + "\"}"),
                            WEBP);

            jobs.keySet().forEach(jobId -> {
                Map<String, Object> job = Api.await(
                                () -> api.get("/api/whatsapp/bulk-job/" + jobId, key),
                                r -> !List.of("pending", "running").contains(r.get("status")),
                                "job " + jobId + " to end")
                        .json();
                assertEquals("completed", job.get("status"), job.toString());
                assertEquals(2, job.get("succeeded"), job.toString());
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> delivered = (List<Map<String, Object>>)
                    api.get("/api/sandbox/session/main/delivered", key).get("messages");
            Map<String, Long> bySha = delivered.stream()
                    .collect(Collectors.groupingBy(d -> d.get("type") + " " + d.get("sha256"), Collectors.counting()));
            assertEquals(
                    Map.of(
                            "image " + Sha256.hex(PNG),
                            2L,
                            "image " + Sha256.hex(JPEG),
                            2L,
                            "sticker " + Sha256.hex(WEBP),
                            2L),
                    bySha,
                    "every recipient got the exact bytes");
            assertEquals(1, files.hits("/photo.jpg"), "fetched once for the whole job");
            // Read while the server runs: what it logs while shutting down is not the jobs' doing.
            String output = Files.readString(log);
            assertFalse(output.contains("SEVERE") || output.contains("Exception"), output);
        }
    }

    private static String submit(Api api, String key, String body) {
        Api.Response accepted = api.post("/api/whatsapp/session/main/send-bulk", key, body);
        assertEquals(202, accepted.status(), accepted.toString());
        return (String) accepted.get("jobId");
    }
}
