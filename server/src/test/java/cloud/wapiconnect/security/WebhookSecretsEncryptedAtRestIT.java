package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, finding 9: webhook signing secrets are stored encrypted with the master key, a secret an earlier
 * version stored in clear is encrypted at the next start and keeps signing, and the signatures are the same as
 * ever. Proven on a dump of the database the pass runs on: mysqldump (and a SELECT) on MariaDB, the bytes of the
 * .mv.db file and a SCRIPT on H2, with the server stopped.
 */
class WebhookSecretsEncryptedAtRestIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void secretsAreAbsentFromADumpOfTheDatabaseAndStillSign() throws Exception {
        Map<String, String> env = ServerProcess.freshDatabase("wapi_test_secrets_at_rest", "secrets-at-rest-data");
        env.put("WAPI_ALLOW_PRIVATE_NETWORKS", "true");
        Path log = ServerProcess.logFile("secrets-at-rest-server").toPath();
        String defaultSecret = "whsec-default-" + hex();
        String otherSecret = "whsec-other-" + hex();
        String legacySecret = "whsec-legacy-clear-" + hex();
        String otherId;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String key;
            try (ServerProcess server = new ServerProcess(env, log).start()) {
                Api api = new Api(server.uri());
                key = api.tenant("business").key();
                assertEquals(
                        200,
                        api.send(
                                        "PUT",
                                        "/api/settings/webhook",
                                        Map.of("X-API-Key", key),
                                        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + defaultSecret + "\"}")
                                .status());
                Api.Response created = api.post(
                        "/api/settings/webhooks",
                        key,
                        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + otherSecret + "\"}");
                assertTrue(created.status() == 200 || created.status() == 201, created.toString());
                otherId = (String) created.get("id");
                api.post("/api/settings/webhook/test", key, "");
                api.post("/api/settings/webhooks/" + otherId + "/test", key, "");
                List<Received> got = receiver.await(r -> r.size() >= 2, Duration.ofSeconds(20), "two test deliveries");
                assertSignedWithOneOf(got, List.of(defaultSecret, otherSecret));
                server.terminate(Duration.ofSeconds(20));
            }
            assertAbsent(env, List.of(defaultSecret, otherSecret), List.of());

            // An endpoint as an earlier version stored it: the secret in clear, nothing sealed.
            try (Connection c = connect(env);
                    Statement s = c.createStatement()) {
                assertEquals(
                        1,
                        s.executeUpdate("UPDATE webhook_endpoints SET secret = '" + legacySecret
                                + "', secret_sealed = NULL WHERE id = '" + otherId + "'"));
            }
            int before = receiver.received().size();
            try (ServerProcess server = new ServerProcess(env, log).start()) {
                Api api = new Api(server.uri());
                api.post("/api/settings/webhooks/" + otherId + "/test", key, "");
                // A delivery the first server had in flight when it stopped may come again (at least once): it is
                // signed with its endpoint's secret, the default one's or, for the other endpoint, the legacy one.
                List<Received> got = receiver.await(
                        r -> r.subList(before, r.size()).stream().anyMatch(d -> signedWith(d, legacySecret)),
                        Duration.ofSeconds(20),
                        "the legacy endpoint's test");
                assertSignedWithOneOf(got.subList(before, got.size()), List.of(defaultSecret, legacySecret));
                server.terminate(Duration.ofSeconds(20));
            }
            assertTrue(
                    Files.readString(log).contains("Encrypted 1 webhook secrets stored in clear"),
                    "the start-up says so");
            assertAbsent(env, List.of(defaultSecret, otherSecret), List.of(legacySecret));
        }
    }

    private static boolean signedWith(Received delivery, String secret) {
        try {
            return ("sha256=" + hmac(secret, delivery.body()))
                    .equals(delivery.headers().get("x-hub-signature-256"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each delivery carries X-Hub-Signature-256 = HMAC-SHA256(secret, body) of one of the secrets, as before. */
    private static void assertSignedWithOneOf(List<Received> deliveries, List<String> secrets) throws Exception {
        for (Received r : deliveries) {
            String signature = r.headers().get("x-hub-signature-256");
            assertNotNull(signature, "signed");
            boolean matches = false;
            for (String secret : secrets) {
                matches |= signature.equals("sha256=" + hmac(secret, r.body()));
            }
            assertTrue(matches, "signed with the tenant's secret: " + signature);
        }
    }

    /**
     * {@code neverOnDisk} appear nowhere, not even in the file's free space (they were never written in clear);
     * {@code migrated} (written in clear by the test, as an earlier version did) appear in no row.
     */
    private static void assertAbsent(Map<String, String> env, List<String> neverOnDisk, List<String> migrated)
            throws Exception {
        List<String> all = new ArrayList<>(neverOnDisk);
        all.addAll(migrated);
        String logical = logicalDump(env);
        assertTrue(logical.contains("webhook_endpoints"), "the dump holds the table");
        for (String secret : all) {
            assertFalse(logical.contains(secret), "a dump of the database shows no secret");
        }
        try (Connection c = connect(env);
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT secret, secret_sealed FROM webhook_endpoints")) {
            int n = 0;
            while (rows.next()) {
                n++;
                assertNull(rows.getString(1), "no clear secret left");
                assertNotNull(rows.getString(2), "sealed instead");
            }
            assertEquals(2, n);
        }
        if (TestDatabase.embedded()) {
            byte[] file = Files.readAllBytes(Path.of(env.get("WAPI_DATA_DIR"), "wapi.mv.db"));
            String bytes = new String(file, StandardCharsets.ISO_8859_1);
            for (String secret : neverOnDisk) {
                assertFalse(bytes.contains(secret), "the H2 file's bytes hold no secret");
            }
        }
    }

    private static String logicalDump(Map<String, String> env) throws Exception {
        if (TestDatabase.embedded()) {
            StringBuilder script = new StringBuilder();
            try (Connection c = connect(env);
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SCRIPT")) {
                while (rows.next()) {
                    script.append(rows.getString(1)).append('\n');
                }
            }
            return script.toString();
        }
        String url = env.get("WAPI_DB_URL");
        String database = url.substring(url.lastIndexOf('/') + 1);
        ProcessBuilder dump = new ProcessBuilder(
                        "mysqldump",
                        "-h",
                        "127.0.0.1",
                        "-P",
                        "3306",
                        "-u",
                        env.get("WAPI_DB_USER"),
                        "--skip-ssl",
                        database)
                .redirectErrorStream(true);
        if (!env.get("WAPI_DB_PASSWORD").isEmpty()) {
            dump.environment().put("MYSQL_PWD", env.get("WAPI_DB_PASSWORD"));
        }
        Process p = dump.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static Connection connect(Map<String, String> env) throws Exception {
        if (TestDatabase.embedded()) {
            return DriverManager.getConnection(
                    "jdbc:h2:file:" + Path.of(env.get("WAPI_DATA_DIR"), "wapi")
                            + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE",
                    "",
                    "");
        }
        return DriverManager.getConnection(
                env.get("WAPI_DB_URL"), env.get("WAPI_DB_USER"), env.get("WAPI_DB_PASSWORD"));
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
