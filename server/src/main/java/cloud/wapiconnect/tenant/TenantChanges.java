package cloud.wapiconnect.tenant;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a change to a tenant seen by every node within a second. Each node caches what it reads on every request
 * (the tenant of an API key, a tenant's webhook endpoints) and keeps streams open on credentials it checked once;
 * a change made through one node must reach the others' caches and streams too.
 * <p>
 * The change is {@link #record recorded} in the {@code tenant_changes} log in the transaction that makes it. The
 * node that made it applies it once it commits; every node reads the log every {@link #POLL} (250 ms: one query by
 * primary key that finds nothing almost always) and applies what it finds: it drops the tenant from the key cache,
 * re-checks the credentials of the tenant's open streams ({@link Revocations}, which ends those whose key was
 * replaced or whose tenant was suspended) and tells every {@link TenantChangeListener}.
 * <p>
 * Log ids are not commit-ordered: on Galera they step by the cluster size and a transaction can commit after
 * one holding a higher id. So the poll does not read from the highest id it saw but from the highest one it has
 * seen for {@link #LATE} (by then the transactions that held lower ids have ended), skipping the rows it already
 * applied. A row is applied at least once on every node, sometimes twice: applying is idempotent. Rows are
 * deleted after {@link #KEEP}.
 */
@ApplicationScoped
public class TenantChanges {
    /** How often every node reads the log: a change is seen everywhere within this, plus a query. */
    static final Duration POLL = Duration.ofMillis(250);
    /**
     * How long after a row with a higher id was seen a row may still commit. The row is the last statement of a
     * short transaction, so this is the commit itself (Galera's certification included) with a wide margin.
     */
    static final Duration LATE = Duration.ofSeconds(10);
    /** How long rows are kept: far beyond {@link #LATE}, short enough that the table stays small. */
    static final Duration KEEP = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(TenantChanges.class.getName());
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);
    /** Rows a query reads at most: a burst of changes is read in pages, not in one result. */
    private static final int PAGE = 500;
    /** At start-up, how many ids back to read: changes committing late while this node started are not missed. */
    private static final long START_BACK = 100;

    /** What the poll reads: the log's rows after an id, its highest id. */
    interface Reader {
        List<TenantChangeRepository.Row> after(long id, int limit);

        long maxId();
    }

    private final TenantChangeRepository log;
    private final Reader reader;
    private final AuthCache authCache;
    private final Revocations revocations;
    private final Supplier<List<TenantChangeListener>> listenerBeans;
    private final Transactions transactions;
    private final Clock clock;
    private final StepFailures failures;
    private final long lateNanos;
    private final LongSupplier nanoTime;
    private volatile List<TenantChangeListener> listeners;

    // The poller's own state: only its thread touches it.
    private boolean positioned;
    /** Every row with an id up to this one has been applied, or will never commit. */
    private long settled;
    /** Rows above {@link #settled} already applied, with when they were first read (System.nanoTime). */
    private final Map<Long, Long> seen = new HashMap<>();

    private long nextPurgeAt;
    private final AtomicLong reads = new AtomicLong();
    private volatile long startedAt;
    private final Object startLock = new Object();
    private volatile Thread poller;
    private volatile boolean running = true;

    @Inject
    public TenantChanges(
            TenantChangeRepository log,
            AuthCache authCache,
            Revocations revocations,
            Instance<TenantChangeListener> listeners,
            Transactions transactions,
            Clock clock,
            StepRetryConfig retry) {
        this(
                log,
                new Reader() {
                    @Override
                    public List<TenantChangeRepository.Row> after(long id, int limit) {
                        return log.after(id, limit);
                    }

                    @Override
                    public long maxId() {
                        return log.maxId();
                    }
                },
                authCache,
                revocations,
                () -> listeners.stream().toList(),
                transactions,
                clock,
                retry,
                LATE,
                System::nanoTime);
    }

    TenantChanges(
            TenantChangeRepository log,
            Reader reader,
            AuthCache authCache,
            Revocations revocations,
            Supplier<List<TenantChangeListener>> listeners,
            Transactions transactions,
            Clock clock,
            StepRetryConfig retry,
            Duration late,
            LongSupplier nanoTime) {
        this.log = log;
        this.reader = reader;
        this.authCache = authCache;
        this.revocations = revocations;
        this.listenerBeans = listeners;
        this.transactions = transactions;
        this.clock = clock;
        this.failures = new StepFailures("Reading the tenant change log", LOG, retry, MAX_RETRY_PAUSE);
        this.lateNanos = late.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Records a change in the caller's transaction; once it commits, this node applies it at once and the
     * others within {@link #POLL}.
     */
    @Transactional
    public void record(String tenantId, TenantChange.Kind kind) {
        TenantChange change = new TenantChange(tenantId, kind);
        log.insert(change, clock.millis());
        transactions.afterCommit(() -> apply(change));
    }

    /** Starts this node's poller (after the schema is migrated). */
    public void start() {
        synchronized (startLock) {
            if (poller == null && running) {
                startedAt = System.nanoTime();
                poller = Thread.ofPlatform().daemon().name("tenant-changes").start(this::run);
            }
        }
    }

    @PreDestroy
    public void stop() {
        Thread t;
        synchronized (startLock) {
            running = false;
            t = poller;
            poller = null; // stopped once: by the shutdown sequence, then by CDI
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(Duration.ofSeconds(5)); // a poll under way finishes: an interrupt would break its query
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // What it cost the database, for whoever sizes one: a query per read, usually returning nothing.
            double seconds = Math.max(1, System.nanoTime() - startedAt) / 1e9;
            LOG.info(() -> String.format(
                    "Tenant change log: read %d times in %.0f s (%.1f queries/s)",
                    reads.get(), seconds, reads.get() / seconds));
        }
    }

    /** Drops what this node holds about the tenant (the streams of the node that made the change end there). */
    private void apply(TenantChange change) {
        if (change.kind() != TenantChange.Kind.WEBHOOKS) {
            authCache.forget(change.tenantId());
        }
        for (TenantChangeListener listener : listeners()) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener failed on " + change, e);
            }
        }
    }

    /**
     * One pass: reads the rows not applied yet, applies them, and ends the open streams whose credentials they
     * revoked. Returns how many rows it applied.
     */
    int poll() {
        if (!positioned) {
            settled = Math.max(0, reader.maxId() - START_BACK);
            positioned = true;
        }
        long now = nanoTime.getAsLong();
        Set<String> credentialsChanged = new LinkedHashSet<>();
        int applied = 0;
        long from = settled;
        List<TenantChangeRepository.Row> rows;
        do {
            rows = reader.after(from, PAGE);
            reads.incrementAndGet();
            for (TenantChangeRepository.Row row : rows) {
                if (seen.putIfAbsent(row.id(), now) == null) {
                    apply(row.change());
                    applied++;
                    if (row.change().kind() != TenantChange.Kind.WEBHOOKS) {
                        credentialsChanged.add(row.change().tenantId());
                    }
                }
                from = row.id();
            }
        } while (rows.size() == PAGE);
        if (!credentialsChanged.isEmpty()) {
            revocations.recheck(credentialsChanged);
        }
        for (Map.Entry<Long, Long> e : seen.entrySet()) {
            if (now - e.getValue() >= lateNanos && e.getKey() > settled) {
                settled = e.getKey();
            }
        }
        seen.keySet().removeIf(id -> id <= settled);
        return applied;
    }

    private void purgeWhenDue() {
        long nowMillis = clock.millis();
        if (nowMillis < nextPurgeAt) {
            return;
        }
        nextPurgeAt = nowMillis + PURGE_EVERY.toMillis();
        int deleted = log.purgeBefore(nowMillis - KEEP.toMillis());
        if (deleted > 0) {
            LOG.fine(() -> "Tenant change log: deleted " + deleted + " rows older than " + KEEP);
        }
    }

    private void run() {
        long pause = 0;
        while (running) {
            long until = System.nanoTime() + pause;
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
            if (!running) {
                return;
            }
            pause = POLL.toNanos();
            try {
                poll();
                purgeWhenDue();
                failures.succeeded();
            } catch (RuntimeException e) {
                pause = Math.max(pause, TimeUnit.MILLISECONDS.toNanos(failures.failed(e)));
            }
        }
    }

    private List<TenantChangeListener> listeners() {
        List<TenantChangeListener> l = listeners;
        if (l == null) {
            l = listenerBeans.get();
            listeners = l;
        }
        return l;
    }
}
