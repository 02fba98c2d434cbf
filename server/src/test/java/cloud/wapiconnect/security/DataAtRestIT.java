package cloud.wapiconnect.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.PortalBrowser;
import cloud.wapiconnect.util.ServerProcess;
import cloud.wapiconnect.util.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the server leaves on disk is its own user's: the data directory is {@code 0700} (also when it existed
 * with looser permissions), every file in it {@code 0600}. Without SMTP, the portal's mails and their links go
 * to the log on the embedded default only, which says so when it starts; a server on MariaDB logs no link.
 */
class DataAtRestIT {
    @Test
    void aFreshDataDirectoryAndItsFilesAreTheServersUsersOnlyAndMailLinksStayOutOfADeploymentsLog() throws Exception {
        Map<String, String> env = new HashMap<>(ServerProcess.freshDatabase("wapi_test_at_rest", "at-rest-data"));
        env.remove("WAPI_ADMIN_KEY"); // generated into the data directory, like on a first run
        Path data = Path.of(env.get("WAPI_DATA_DIR"));
        ServerProcess.deleteRecursively(data);
        Files.createDirectories(
                data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path log = ServerProcess.logFile("at-rest-server").toPath();
        Files.deleteIfExists(log);
        try (ServerProcess server = new ServerProcess(env, log).start()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            List<Path> files;
            try (Stream<Path> all = Files.walk(data)) {
                files = all.filter(Files::isRegularFile).toList();
            }
            assertTrue(files.contains(data.resolve("admin.key")), files.toString());
            if (TestDatabase.embedded()) {
                assertTrue(files.contains(data.resolve("wapi.mv.db")), files.toString());
                assertTrue(files.contains(data.resolve("demo-api-key")), files.toString());
            }
            for (Path file : files) {
                assertEquals(
                        "rw-------",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        file.toString());
            }

            PortalBrowser browser = new PortalBrowser(server.uri());
            PortalBrowser.Page checkMail = browser.submit(
                    "/portal/signup",
                    "/portal/signup",
                    "name",
                    "Asha Rao",
                    "email",
                    "asha.at.rest@example.com",
                    "password",
                    "a long enough passphrase 42");
            assertEquals(200, checkMail.status(), checkMail.body());
            String logged = Files.readString(log);
            if (TestDatabase.embedded()) {
                assertTrue(logged.contains("mails, with working links, are written to this log"), logged);
                assertTrue(logged.contains("/portal/verify?token="), "the embedded default keeps the link: " + logged);
            } else {
                assertTrue(logged.contains("mails are not sent"), logged);
                assertTrue(
                        logged.contains(
                                "Mail to asha.at.rest@example.com (\"Verify your email for WapiConnect\") not sent"),
                        logged);
                assertFalse(logged.contains("token="), "a deployment's log never holds a working link: " + logged);
            }
        }
    }
}
