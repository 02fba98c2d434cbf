import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the event id counter (issue 17) costs against AUTO_INCREMENT: N writers commit, as fast as they can, the
 * transaction of an incoming message (a message row, then its event) on the server's schema and isolation (READ
 * COMMITTED, autocommit off), once with the event id from AUTO_INCREMENT (before issue 17) and once from the
 * counter row (UPDATE ... last_id + 1, read back, insert: the row stays locked until the commit). Prints committed
 * events per second per mode and writer count, alternating the modes, median of the runs.
 * <p>
 * Usage: java -cp mariadb-java-client.jar EventIdBench.java jdbc:mariadb://127.0.0.1:3306/wapi_c_bench root ""
 * [seconds=5] [runs=3] [writers=1,4,16]
 * <p>
 * The first argument may list several URLs, comma-separated: the nodes of a Galera cluster, writers spread over
 * them round-robin. There concurrent writers on different nodes conflict on the counter row at certification; the
 * loser is rolled back and run again (as the server's Transactions does) and counted as a conflict.
 * {@code -DlastInsertId=true} takes the id with {@code LAST_INSERT_ID(last_id + 1)} from the UPDATE's answer, one
 * round trip less under the lock (no measurable difference here).
 */
public class EventIdBench {
    /** -DlastInsertId=true: the counter's new value comes back with the UPDATE (one round trip less under the lock). */
    static final boolean LAST_INSERT_ID = Boolean.getBoolean("lastInsertId");
    /** Transactions that lost a deadlock or a Galera certification conflict and were run again. */
    static final LongAdder CONFLICTS = new LongAdder();

    public static void main(String[] args) throws Exception {
        // Several URLs (comma-separated): the nodes of a Galera cluster; writers are spread over them round-robin.
        String[] urls = args[0].split(",");
        String url = urls[0];
        String user = args[1];
        String password = args.length > 2 ? args[2] : "";
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String[] writerCounts = (args.length > 5 ? args[5] : "1,4,16").split(",");
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_events");
            s.execute("DROP TABLE IF EXISTS bench_messages");
            s.execute("DROP TABLE IF EXISTS bench_event_id_counter");
            s.execute("CREATE TABLE bench_events (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " tenant_id VARCHAR(80) NOT NULL, session_id VARCHAR(64) NOT NULL, type VARCHAR(32) NOT NULL,"
                    + " payload TEXT NOT NULL, created_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX ix_bench_events_tenant ON bench_events (tenant_id, id)");
            s.execute("CREATE INDEX ix_bench_events_created ON bench_events (created_at)");
            s.execute("CREATE TABLE bench_messages (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                    + " tenant_id VARCHAR(80) NOT NULL, message_id VARCHAR(64) NOT NULL, body TEXT,"
                    + " created_at BIGINT NOT NULL)");
            s.execute("CREATE TABLE bench_event_id_counter (id INT NOT NULL PRIMARY KEY, last_id BIGINT NOT NULL)");
            s.execute("INSERT INTO bench_event_id_counter VALUES (1, 0)");
        }
        System.out.println("writers  auto_increment/s  counter/s  ratio");
        for (String w : writerCounts) {
            int writers = Integer.parseInt(w.trim());
            List<Double> auto = new ArrayList<>();
            List<Double> counter = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                auto.add(run(urls, user, password, writers, seconds, false));
                counter.add(run(urls, user, password, writers, seconds, true));
            }
            double a = median(auto);
            double k = median(counter);
            System.out.printf(
                    "%7d  %16.0f  %9.0f  %5.2f   (runs: %s / %s; conflicts retried: %d)%n",
                    writers, a, k, k / a, auto, counter, CONFLICTS.sumThenReset());
        }
    }

    private static double run(String[] urls, String user, String password, int writers, int seconds, boolean counter)
            throws Exception {
        String url = urls[0];
        // The counter must stay above every id AUTO_INCREMENT gave out, as V18 starts it.
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE bench_event_id_counter SET last_id ="
                    + " (SELECT COALESCE(MAX(id), 0) FROM bench_events) WHERE id = 1");
            s.execute("ALTER TABLE bench_events AUTO_INCREMENT = 1"); // next above the highest row
        }
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        Thread.sleep(1000); // the counter reset has reached every node
        for (int i = 0; i < writers; i++) {
            String node = urls[i % urls.length];
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(node, user, password)) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    c.setAutoCommit(false);
                    write(c, counter, stop, done);
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }));
        }
        Thread.sleep(500); // warm-up
        long from = done.sum();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long n = done.sum() - from;
        double perSecond = n / ((System.nanoTime() - t0) / 1e9);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.getFirst());
        }
        return Math.round(perSecond);
    }

    private static void write(Connection c, boolean counter, AtomicBoolean stop, LongAdder done) throws Exception {
        try (PreparedStatement message = c.prepareStatement(
                        "INSERT INTO bench_messages (tenant_id, message_id, body, created_at) VALUES (?, ?, ?, ?)");
                PreparedStatement autoEvent = c.prepareStatement(
                        "INSERT INTO bench_events (tenant_id, session_id, type, payload, created_at)"
                                + " VALUES (?, ?, ?, ?, ?)");
                PreparedStatement take =
                        c.prepareStatement("UPDATE bench_event_id_counter SET last_id = last_id + 1 WHERE id = 1");
                PreparedStatement takeReturning = c.prepareStatement(
                        "UPDATE bench_event_id_counter SET last_id = LAST_INSERT_ID(last_id + 1) WHERE id = 1",
                        Statement.RETURN_GENERATED_KEYS);
                PreparedStatement read = c.prepareStatement("SELECT last_id FROM bench_event_id_counter WHERE id = 1");
                PreparedStatement counterEvent = c.prepareStatement(
                        "INSERT INTO bench_events (id, tenant_id, session_id, type, payload, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            long i = 0;
            String payload = "{\"messageId\":\"3EB0C767D26A1D0A\",\"from\":\"919800000001@s.whatsapp.net\","
                    + "\"body\":\"hello there\",\"type\":\"text\",\"timestamp\":1765100000,\"isGroup\":false}";
            while (!stop.get()) {
                try {
                    writeOne(c, counter, i++, payload, message, autoEvent, take, takeReturning, read, counterEvent);
                    done.increment();
                } catch (java.sql.SQLException e) {
                    c.rollback();
                    if (e.getErrorCode() != 1213 && !"40001".equals(e.getSQLState())) {
                        throw e;
                    }
                    CONFLICTS.increment();
                }
            }
        }
    }

    private static void writeOne(
            Connection c,
            boolean counter,
            long i,
            String payload,
            PreparedStatement message,
            PreparedStatement autoEvent,
            PreparedStatement take,
            PreparedStatement takeReturning,
            PreparedStatement read,
            PreparedStatement counterEvent)
            throws Exception {
        long now = System.currentTimeMillis();
        message.setString(1, "bench-tenant");
        message.setString(2, Thread.currentThread().threadId() + "-" + i);
        message.setString(3, "hello there");
        message.setLong(4, now);
        message.executeUpdate();
        if (counter) {
            long id;
            if (LAST_INSERT_ID) {
                takeReturning.executeUpdate();
                try (ResultSet rs = takeReturning.getGeneratedKeys()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            } else {
                take.executeUpdate();
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            counterEvent.setLong(1, id);
            counterEvent.setString(2, "bench-tenant");
            counterEvent.setString(3, "main");
            counterEvent.setString(4, "message");
            counterEvent.setString(5, payload);
            counterEvent.setLong(6, now);
            counterEvent.executeUpdate();
        } else {
            autoEvent.setString(1, "bench-tenant");
            autoEvent.setString(2, "main");
            autoEvent.setString(3, "message");
            autoEvent.setString(4, payload);
            autoEvent.setLong(5, now);
            autoEvent.executeUpdate();
        }
        c.commit();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
