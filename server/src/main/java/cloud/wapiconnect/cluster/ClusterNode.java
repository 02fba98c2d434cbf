package cloud.wapiconnect.cluster;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's membership and its session leases. One background thread, every third of the lease: a
 * heartbeat and the renewal of all leases held here (one statement each), then it stops the connections
 * whose lease is gone, starts those it holds without one, and places the sessions no live node holds on the
 * least-loaded live node (a dead node's, once its leases lapse; a draining node's at once). A watchdog
 * thread fences the node by its own monotonic clock: when no renewal has succeeded for
 * {@link #fenceAfterNanos} (three quarters of the lease, measured from before the renewal was sent), every
 * connection here stops, before any lease can have expired in the database.
 */
@ApplicationScoped
public class ClusterNode {
    private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
    /** Sessions placed per tick at most, so that one tick stays short. */
    private static final int PLACE_PER_TICK = 500;
    /** Sessions a node that has fewer than its share takes per tick. */
    private static final int REBALANCE_PER_TICK = 2;

    private final ClusterConfig config;
    private final ClusterRepository repository;
    private final StepRetryConfig retry;
    private final WapiMetrics metrics;
    private final long leaseMs;
    private final long fenceAfterNanos;
    private final ConcurrentMap<SessionKey, Long> held = new ConcurrentHashMap<>();
    /** The longest pause between attempts to start a session that keeps failing to start. */
    static final Duration START_RETRY_MAX = Duration.ofMinutes(5);

    /** A session that failed to start {@code attempts} times in a row: not tried again before {@code notBefore}. */
    private record StartFailure(int attempts, long notBefore) {}

    /** Only sessions held here (pruned with {@link #held} every tick). */
    private final ConcurrentMap<SessionKey, StartFailure> startFailures = new ConcurrentHashMap<>();

    private volatile LocalSessions local;
    private final java.util.List<Runnable> tickListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<java.util.function.Consumer<SessionKey>> gainListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long renewedAtNanos;
    private volatile boolean fenced;
    /** Since when renewals have succeeded without a gap that fenced the node (it rebalances only after a lease). */
    private volatile long steadySinceNanos;

    private volatile boolean draining;
    private volatile boolean stopping;
    private Thread loop;
    private Thread watchdog;

    @Inject
    public ClusterNode(ClusterConfig config, ClusterRepository repository, StepRetryConfig retry, WapiMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.repository = repository;
        this.retry = retry;
        this.leaseMs = config.lease().toMillis();
        this.fenceAfterNanos = config.lease().toNanos() * 3 / 4;
    }

    public String nodeId() {
        return config.nodeId();
    }

    public ClusterConfig config() {
        return config;
    }

    /**
     * Joins the cluster and runs the first tick before returning, so that a node alone has its sessions
     * placed on itself and connecting when start-up ends.
     */
    public synchronized void start(LocalSessions sessions, String version) {
        if (loop != null) {
            return;
        }
        this.local = sessions;
        stopping = false;
        fenced = false;
        held.clear();
        renewedAtNanos = System.nanoTime();
        steadySinceNanos = renewedAtNanos;
        repository.register(config.nodeId(), config.nodeAddress(), version, System.currentTimeMillis());
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "First cluster tick failed; the lease loop tries again", e);
        }
        loop = Thread.ofPlatform().daemon().name("cluster-leases").start(this::run);
        watchdog = Thread.ofPlatform().daemon().name("cluster-fence").start(this::watch);
    }

    /**
     * Tells {@code listener} of every session whose connection the lease keeper starts here from now on
     * (a lease gained, or held without a connection), after it started it; from the lease thread.
     */
    public void onStarted(java.util.function.Consumer<SessionKey> listener) {
        gainListeners.add(listener);
    }

    /** Runs {@code work} at the end of every lease tick (on the lease thread: keep it short). */
    public void onTick(Runnable work) {
        tickListeners.add(work);
    }

    /** Whether no other live node shares the database now. */
    public boolean aloneInCluster() {
        return repository.liveNodes(leaseMs).stream().allMatch(n -> n.nodeId().equals(config.nodeId()));
    }

    /** How many sessions have a connection (or one starting) on this node now. */
    public int runningHere() {
        LocalSessions sessions = local;
        return sessions == null ? 0 : sessions.running().size();
    }

    /** How many sessions' leases this node holds now. */
    public int heldCount() {
        return held.size();
    }

    /** The sessions whose lease this node holds now. */
    public java.util.Set<SessionKey> heldKeys() {
        return java.util.Set.copyOf(held.keySet());
    }

    /** Sessions wanted online that no live node holds now. */
    public java.util.Set<SessionKey> orphans() {
        java.util.Set<SessionKey> keys = new java.util.HashSet<>();
        repository.orphans(leaseMs, Integer.MAX_VALUE).forEach(o -> keys.add(o.key()));
        return keys;
    }

    /** The generation under which this node holds the session, if it holds it and is not fenced. */
    public Optional<Long> heldHere(SessionKey key) {
        Long generation = held.get(key);
        if (generation == null || fenced || System.nanoTime() - renewedAtNanos > fenceAfterNanos) {
            return Optional.empty();
        }
        return Optional.of(generation);
    }

    public boolean draining() {
        return draining;
    }

    /** Whether the last renewal is recent enough for this node to act on its leases. */
    public boolean healthy() {
        return !fenced && System.nanoTime() - renewedAtNanos <= fenceAfterNanos;
    }

    public long lastRenewAgeMs() {
        return (System.nanoTime() - renewedAtNanos) / 1_000_000;
    }

    /**
     * Places a session wanted online that no live node holds (a new session, or one reconnected) on the
     * least-loaded live node; a session already held stays where it is.
     *
     * @return the new generation if it was placed here
     */
    public Optional<Long> place(SessionKey key) {
        if (heldHere(key).isPresent()) {
            return heldHere(key);
        }
        Optional<ClusterRepository.LeaseRow> lease = repository.lease(key, leaseMs);
        if (lease.isPresent()
                && lease.get().ownerNode() != null
                && lease.get().ownerLive()
                && !lease.get().ownerDraining()
                && lease.get().expiresInMs() > 0) {
            if (lease.get().ownerNode().equals(config.nodeId())) {
                held.put(key, lease.get().generation());
                return Optional.of(lease.get().generation());
            }
            return Optional.empty();
        }
        List<ClusterRepository.NodeRow> live = repository.liveNodes(leaseMs);
        String target = live.stream()
                .min(Comparator.comparingLong(ClusterRepository.NodeRow::sessionsHeld)
                        .thenComparing(ClusterRepository.NodeRow::nodeId))
                .map(ClusterRepository.NodeRow::nodeId)
                .orElse(config.nodeId());
        if (draining && target.equals(config.nodeId())) {
            return Optional.empty();
        }
        Optional<Long> generation =
                assign(key, lease.map(ClusterRepository.LeaseRow::generation).orElse(-1L), target, leaseMs);
        if (generation.isPresent() && target.equals(config.nodeId())) {
            held.put(key, generation.get());
            return generation;
        }
        return Optional.empty();
    }

    /**
     * Moves a session to {@code target} (a live node): the generation rises, the old owner stops its
     * connection at its next tick (or at once if it is this node), the target starts it at its next tick.
     *
     * @return false when the lease changed meanwhile
     */
    public boolean move(SessionKey key, String target) {
        Optional<ClusterRepository.LeaseRow> lease = repository.lease(key, leaseMs);
        long generation = lease.map(ClusterRepository.LeaseRow::generation).orElse(-1L);
        if (held.remove(key) != null) {
            local.stop(key);
        }
        Optional<Long> moved = assign(key, generation, target, leaseMs);
        if (moved.isPresent()) {
            metrics.sessionMoved(WapiMetrics.SessionMove.MOVED);
        }
        if (moved.isPresent() && target.equals(config.nodeId())) {
            held.put(key, moved.get()); // started at the next tick, once the old owner has closed its connection
        }
        return moved.isPresent();
    }

    /** Gives a session's lease up (it is no longer wanted online here). */
    public void release(SessionKey key) {
        held.remove(key);
        repository.release(key, config.nodeId());
    }

    /**
     * SIGTERM: marks the node draining and releases every lease at once, so that the other nodes take the
     * sessions over at their next tick; the connections here stop first.
     */
    public void drain() {
        draining = true;
        try {
            repository.setDraining(config.nodeId());
            for (SessionKey key : List.copyOf(held.keySet())) {
                held.remove(key);
                local.stop(key);
            }
            int released = repository.releaseAll(config.nodeId());
            LOG.info(() -> "Draining: released " + released + " session leases to the other nodes");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Draining failed; the leases lapse after " + leaseMs + " ms instead", e);
        }
    }

    /** Stops the threads and leaves the cluster (after {@link #drain}). */
    @PreDestroy
    public synchronized void stop() {
        stopping = true;
        for (Thread t : new Thread[] {loop, watchdog}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        loop = null;
        watchdog = null;
        held.clear();
        if (local != null) {
            try {
                repository.releaseAll(config.nodeId());
                repository.removeNode(config.nodeId());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Leaving the cluster failed; the node's row ages out", e);
            }
            local = null;
        }
    }

    private void run() {
        StepFailures failures =
                new StepFailures("Renewing this node's session leases", LOG, retry, Duration.ofMillis(leaseMs / 3));
        long interval = Math.max(100, Math.min(1000, leaseMs / 3));
        while (!stopping) {
            long pause = interval;
            try {
                tick();
                failures.succeeded();
            } catch (RuntimeException e) {
                pause = Math.min(interval, failures.failed(e));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void watch() {
        long interval = Math.max(50, leaseMs / 20);
        while (!stopping) {
            if (!fenced && System.nanoTime() - renewedAtNanos > fenceAfterNanos) {
                fence();
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** No renewal for too long: stop every connection here before another node can take them over. */
    private synchronized void fence() {
        if (fenced) {
            return;
        }
        fenced = true;
        LOG.warning(() -> "No lease renewal for " + lastRenewAgeMs() + " ms: stopping the " + held.size()
                + " sessions of this node until the database answers again");
        for (SessionKey key : List.copyOf(held.keySet())) {
            held.remove(key);
            stopQuietly(key);
        }
        for (SessionKey key : local.running()) {
            stopQuietly(key);
        }
    }

    /** One round: heartbeat and renewal, then reconcile the connections here with the leases held. */
    void tick() {
        long started = System.nanoTime();
        boolean known;
        try {
            known = repository.heartbeatAndRenew(config.nodeId(), leaseMs);
        } catch (RuntimeException e) {
            metrics.leaseRenewFailed();
            throw e;
        }
        if (!known) {
            repository.register(config.nodeId(), config.nodeAddress(), "unknown", System.currentTimeMillis());
            if (draining) {
                repository.setDraining(config.nodeId());
            }
        }
        List<ClusterRepository.HeldRow> rows = repository.held(config.nodeId());
        if (started - renewedAtNanos > fenceAfterNanos || fenced) {
            // Fenced (or about to be): whatever the database says it still holds, the connections were
            // stopped; they start again below, under the leases that survived.
            fenced = false;
            steadySinceNanos = started;
        }
        renewedAtNanos = started;
        // Every session has an owner; only those wanted online are connected (the owner also runs the bulk
        // queue of one that is not, so that its jobs wait for it there).
        Map<SessionKey, Long> now = new HashMap<>();
        java.util.Set<SessionKey> wanted = new java.util.HashSet<>();
        for (ClusterRepository.HeldRow row : rows) {
            if (draining) {
                repository.release(row.key(), config.nodeId());
                continue;
            }
            now.put(row.key(), row.generation());
            if (row.wanted()) {
                wanted.add(row.key());
            }
        }
        held.keySet().retainAll(now.keySet());
        startFailures.keySet().retainAll(wanted);
        held.putAll(now);
        for (SessionKey key : local.running()) {
            if (!held.containsKey(key)) {
                LOG.info(() -> "Session " + key + " is no longer held here: closing its connection");
                stopQuietly(key);
            }
        }
        for (SessionKey key : wanted) {
            if (!local.running().contains(key)) {
                startOrRelease(key, now.get(key));
            }
        }
        if (!draining) {
            placeOrphans();
            rebalance();
        }
        repository.forgetDeleted();
        for (Runnable listener : tickListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "A lease tick listener failed", e);
            }
        }
    }

    private void placeOrphans() {
        List<ClusterRepository.OrphanRow> orphans = repository.orphans(leaseMs, PLACE_PER_TICK);
        if (orphans.isEmpty()) {
            return;
        }
        List<ClusterRepository.NodeRow> live = repository.liveNodes(leaseMs);
        Map<String, Long> load = new HashMap<>();
        live.forEach(n -> load.put(n.nodeId(), n.sessionsHeld()));
        load.putIfAbsent(config.nodeId(), (long) held.size());
        for (ClusterRepository.OrphanRow orphan : orphans) {
            String target = load.entrySet().stream()
                    .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow()
                    .getKey();
            Optional<Long> generation = assign(orphan.key(), orphan.generation(), target, leaseMs);
            if (generation.isPresent()) {
                if (orphan.generation() >= 0) {
                    metrics.sessionMoved(WapiMetrics.SessionMove.FAILED_OVER); // it had an owner: a failover
                }
                load.merge(target, 1L, Long::sum);
                if (target.equals(config.nodeId())) {
                    LOG.info(() -> "Took over session " + orphan.key() + " (generation " + generation.get() + ")");
                    held.put(orphan.key(), generation.get());
                    startOrRelease(orphan.key(), generation.get());
                }
            }
        }
    }

    /**
     * A node with fewer sessions than its share takes a few (at most {@link #REBALANCE_PER_TICK} a tick)
     * from the most loaded live node: a node that joins fills up over time, with bounded moves.
     */
    private void rebalance() {
        if (System.nanoTime() - steadySinceNanos < config.lease().toNanos()) {
            return; // just joined or back from a fence: a lease of steady renewals first
        }
        List<ClusterRepository.NodeRow> live = repository.liveNodes(leaseMs);
        if (live.size() < 2) {
            return;
        }
        long total =
                live.stream().mapToLong(ClusterRepository.NodeRow::sessionsHeld).sum();
        long share = total / live.size();
        long mine = held.size();
        ClusterRepository.NodeRow busiest = live.stream()
                .max(Comparator.comparingLong(ClusterRepository.NodeRow::sessionsHeld))
                .orElseThrow();
        if (busiest.nodeId().equals(config.nodeId()) || mine >= share || busiest.sessionsHeld() <= mine + 1) {
            return;
        }
        long moves = Math.min(REBALANCE_PER_TICK, Math.min(share - mine, busiest.sessionsHeld() - share));
        for (ClusterRepository.HeldRow row : repository.held(busiest.nodeId())) {
            if (!row.movable()) {
                continue;
            }
            if (moves-- <= 0) {
                break;
            }
            Optional<Long> generation = assign(row.key(), row.generation(), config.nodeId(), leaseMs);
            if (generation.isPresent()) {
                metrics.sessionMoved(WapiMetrics.SessionMove.REBALANCED);
                // Started at the next tick, not now: the old owner closes its connection at its own tick first.
                LOG.info(() -> "Rebalancing: took session " + row.key() + " from " + busiest.nodeId());
                held.put(row.key(), generation.get());
            }
        }
    }

    /** {@link ClusterRepository#assign}; a race lost to another node (a duplicate first lease) is empty. */
    private Optional<Long> assign(SessionKey key, long generation, String target, long lease) {
        try {
            return repository.assign(key, generation, target, lease);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Placing " + key + " lost a race", e);
            return Optional.empty();
        }
    }

    private void startOrRelease(SessionKey key, long generation) {
        StartFailure failed = startFailures.get(key);
        if (failed != null && System.nanoTime() - failed.notBefore() < 0) {
            return;
        }
        try {
            if (!local.start(key, generation)) {
                startFailures.remove(key);
                return; // not wanted online: held here, not connected
            }
        } catch (RuntimeException e) {
            // Nothing spins: a session that cannot start (its credentials unreadable, say) is tried again after a
            // pause that doubles up to START_RETRY_MAX, with one log line when it starts failing and one when
            // the pause reaches its longest, not a stack trace per tick.
            int attempts = failed == null ? 1 : failed.attempts() + 1;
            long pauseMs = startPauseMs(attempts);
            startFailures.put(key, new StartFailure(attempts, System.nanoTime() + pauseMs * 1_000_000));
            if (attempts == 1) {
                LOG.log(Level.WARNING, "Starting session " + key + " failed; trying again with growing pauses", e);
            } else if (pauseMs == START_RETRY_MAX.toMillis() && startPauseMs(attempts - 1) < pauseMs) {
                LOG.warning(() -> "Starting session " + key + " failed " + attempts + " times (last: " + e
                        + "); trying again every " + START_RETRY_MAX.toMinutes() + " minutes");
            }
            return;
        }
        if (failed != null) {
            startFailures.remove(key);
            LOG.info(() -> "Session " + key + " started after " + failed.attempts() + " failed attempts");
        }
        for (java.util.function.Consumer<SessionKey> listener : gainListeners) {
            try {
                listener.accept(key);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of session " + key + " failed", e);
            }
        }
    }

    /** The pause after the {@code attempts}th failed start in a row: a tick's interval, doubling, at most 5 min. */
    private long startPauseMs(int attempts) {
        return Math.min(START_RETRY_MAX.toMillis(), (leaseMs / 3) << Math.min(attempts, 20));
    }

    private void stopQuietly(SessionKey key) {
        try {
            local.stop(key);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping session " + key + " failed", e);
        }
    }
}
