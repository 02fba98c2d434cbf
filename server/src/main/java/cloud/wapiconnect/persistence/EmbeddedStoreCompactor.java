package cloud.wapiconnect.persistence;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the embedded database's file from growing without end. With {@code WRITE_DELAY=0} (every commit in the
 * file before the API answers, see {@link WapiConfig#jdbcUrl()}) H2 runs no background writer, and that thread is
 * also what rewrites chunks that are mostly dead so that their space can be reused: a chunk keeps its space as
 * long as one of its pages is live, and with a chunk per commit almost every chunk has one. This does that
 * housekeeping instead: every two seconds it asks the store to rewrite the chunks less than half full (a bounded
 * amount per round, as H2's own thread does), and H2 reuses their space once they are older than its retention
 * time (45 s: what the file system may still hold unwritten). 3,200 sends on the embedded default left a
 * 261 MB file without it and 172 MB with it; the file then still grows with the write rate times the retention
 * time, and shrinks when the server stops.
 *
 * <p>It reaches the store through H2's engine classes ({@code SessionLocal} → database → store), which are not
 * a public API: checked against the pinned H2 version by {@code EmbeddedStoreCompactorTest}.
 */
@ApplicationScoped
public class EmbeddedStoreCompactor {
    private static final Logger LOG = Logger.getLogger(EmbeddedStoreCompactor.class.getName());
    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** Chunks under this percentage of live data are rewritten (H2's own thread uses 90, halved while busy). */
    private static final int TARGET_FILL_RATE = 50;
    /** At most about this much is rewritten per round: a round must not stall the commits waiting behind it. */
    private static final int WRITE_PER_ROUND = 4 * 1024 * 1024;

    private final DataSource dataSource;
    private final boolean embedded;
    private final StepFailures failures;
    private ScheduledExecutorService scheduler;
    private MVStore store;

    @Inject
    public EmbeddedStoreCompactor(@Named("wapi") DataSource dataSource, WapiConfig config, StepRetryConfig retry) {
        this.dataSource = dataSource;
        this.embedded = config.embeddedDatabase();
        this.failures = new StepFailures("Compacting the embedded database", LOG, retry, Duration.ofMinutes(1));
    }

    public synchronized void start() {
        if (embedded && scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .daemon()
                    .name("embedded-store-compactor")
                    .factory());
            scheduler.schedule(this::round, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void round() {
        long next = PERIOD.toMillis();
        try {
            if (store == null) {
                try (Connection c = dataSource.getConnection()) {
                    store = mvStore(c);
                }
            }
            compact(store);
            failures.succeeded();
        } catch (RuntimeException | SQLException e) {
            next = failures.failed(e);
        }
        synchronized (this) {
            if (scheduler != null && !scheduler.isShutdown()) {
                scheduler.schedule(this::round, next, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The store under an embedded connection (H2's engine classes: see the class comment). */
    static MVStore mvStore(Connection embedded) throws SQLException {
        SessionLocal session =
                (SessionLocal) embedded.unwrap(JdbcConnection.class).getSession();
        return session.getDatabase().getStore().getMvStore();
    }

    /** One round: rewrites a bounded amount of the sparsest chunks, if any are below the target. */
    static void compact(MVStore store) {
        if (!store.isClosed()) {
            store.compact(TARGET_FILL_RATE, WRITE_PER_ROUND);
        }
    }

    /** Before the pool closes; a round under way finishes first. */
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
