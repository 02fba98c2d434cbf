package cloud.wapiconnect.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the pinned H2, with a commit written per transaction ({@code WRITE_DELAY=0}, as the server runs it), the
 * file of a busy database keeps growing unless the compactor's rounds rewrite the mostly dead chunks. Retention
 * is 0 here so that freed space is reusable at once and the test takes seconds, not minutes.
 */
class EmbeddedStoreCompactorTest {
    private static final int COMMITS = 4_000;

    @Test
    void roundsOfCompactionKeepABusyEmbeddedFileFromGrowing(@TempDir Path dir) throws Exception {
        long without = churn(dir.resolve("without"), false);
        long with = churn(dir.resolve("with"), true);
        assertTrue(with * 2 < without, "compacted " + with + " bytes, not compacted " + without + " bytes");
    }

    /** Updates of live rows and appends, a commit each, like sends; returns the file's size afterwards. */
    private static long churn(Path name, boolean compact) throws Exception {
        String url = "jdbc:h2:file:" + name + ";MODE=MariaDB;WRITE_DELAY=0;RETENTION_TIME=0";
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE live (id INT PRIMARY KEY, v VARCHAR(200))");
                s.execute("CREATE TABLE appended (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(200))");
                s.execute("INSERT INTO live SELECT X, 'row' FROM SYSTEM_RANGE(1, 2000)");
            }
            c.commit();
            MVStore store = EmbeddedStoreCompactor.mvStore(c);
            Random random = new Random(1);
            try (PreparedStatement update = c.prepareStatement("UPDATE live SET v = ? WHERE id = ?");
                    PreparedStatement append = c.prepareStatement("INSERT INTO appended (v) VALUES (?)")) {
                for (int i = 0; i < COMMITS; i++) {
                    update.setString(1, "v" + i + "y".repeat(random.nextInt(100)));
                    update.setInt(2, 1 + random.nextInt(2000));
                    update.executeUpdate();
                    append.setString(1, "entry " + i);
                    append.executeUpdate();
                    c.commit();
                    if (compact && i % 100 == 0) { // the server's round every 2 s, in commits
                        EmbeddedStoreCompactor.compact(store);
                    }
                }
            }
            return Files.size(Path.of(name + ".mv.db"));
        }
    }
}
