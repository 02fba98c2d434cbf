package cloud.wapiconnect.tenant;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Ends long-lived calls (event streams) whose credentials stopped being good after they were checked:
 * a request is authenticated once, but a stream lives for hours, and a reset key or a suspended tenant
 * must cut it off, not just the next request.
 * <p>
 * Two paths. {@link TenantService} signals a key reset or a suspension here once it has committed, so
 * this node's streams of that tenant end at once. And, as a safety net for what no signal announces (a
 * change made in the database directly, by another node, or racing with a stream being opened), every
 * {@link #RECHECK} (250 ms) one query reads the current key hash and suspension of every tenant with an open
 * stream on this node. Either way a watcher is told at most once, with {@code UNAUTHORIZED} when its key
 * is no longer the tenant's, else {@code TENANT_SUSPENDED}: the codes a new call would get.
 */
@ApplicationScoped
public class Revocations {
    /**
     * Often enough that a change no signal announced still ends a stream within a second, query and
     * scheduling included; one query by primary keys, and only while streams are open, so cheap.
     */
    static final Duration RECHECK = Duration.ofMillis(250);

    private static final Logger LOG = Logger.getLogger(Revocations.class.getName());
    private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);

    private final Function<Collection<String>, List<TenantCredential>> lookup;
    private final long recheckNanos;
    private final StepFailures failures;
    private final Map<String, Set<Watch>> byTenant = new ConcurrentHashMap<>();
    private final Object startLock = new Object();
    private volatile Thread checker;
    private volatile boolean running = true;

    /** One open call's credentials, until {@link #close}d. */
    public final class Watch implements AutoCloseable {
        private final String tenantId;
        private final String keyHash;
        private final Consumer<WapiException> onRevoked;
        private final AtomicBoolean done = new AtomicBoolean();

        private Watch(String tenantId, String keyHash, Consumer<WapiException> onRevoked) {
            this.tenantId = tenantId;
            this.keyHash = keyHash;
            this.onRevoked = onRevoked;
        }

        private void check(Set<String> goodKeyHashes, boolean suspended) {
            if (!goodKeyHashes.contains(keyHash)) {
                revoke(new WapiException(
                        ErrorCode.UNAUTHORIZED, "The API key this stream was opened with is no longer valid"));
            } else if (suspended) {
                revoke(new WapiException(ErrorCode.TENANT_SUSPENDED, "This account is suspended"));
            }
        }

        private void revoke(WapiException reason) {
            if (done.compareAndSet(false, true)) {
                remove(this);
                onRevoked.accept(reason);
            }
        }

        @Override
        public void close() {
            if (done.compareAndSet(false, true)) {
                remove(this);
            }
        }
    }

    @Inject
    public Revocations(TenantRepository tenants, ApiKeyRepository keys, Clock clock, StepRetryConfig retry) {
        this(ids -> credentials(tenants, keys, clock, ids), retry, RECHECK);
    }

    /** The tenants' own keys and suspensions, with the other keys that authenticate them now. */
    private static List<TenantCredential> credentials(
            TenantRepository tenants, ApiKeyRepository keys, Clock clock, Collection<String> tenantIds) {
        Map<String, Set<String>> others = keys.goodHashes(tenantIds, clock.millis());
        return tenants.credentials(tenantIds).stream()
                .map(c -> {
                    Set<String> hashes = new HashSet<>(c.keyHashes());
                    hashes.addAll(others.getOrDefault(c.tenantId(), Set.of()));
                    return new TenantCredential(c.tenantId(), hashes, c.suspended());
                })
                .toList();
    }

    Revocations(Function<Collection<String>, List<TenantCredential>> lookup, StepRetryConfig retry, Duration recheck) {
        this.lookup = lookup;
        this.recheckNanos = recheck.toNanos();
        this.failures = new StepFailures("Re-checking the credentials of open streams", LOG, retry, MAX_RETRY_PAUSE);
    }

    /**
     * Watches the credentials a call authenticated with: {@code onRevoked} runs once (on the thread that
     * noticed; it must only hand the news on, never block) when they stop being good.
     *
     * @param apiKey the key the call presented (only its hash is kept)
     */
    public Watch watch(Tenant tenant, String apiKey, Consumer<WapiException> onRevoked) {
        Watch watch = new Watch(tenant.id(), ApiKeys.hash(apiKey.trim()), onRevoked);
        byTenant.computeIfAbsent(tenant.id(), t -> ConcurrentHashMap.newKeySet())
                .add(watch);
        startChecker();
        return watch;
    }

    /** Watches open on this node (for tests). */
    public int watches() {
        return byTenant.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Keys of the tenant stopped working (called after the commit): its own key replaced without a grace period, a
     * named key deleted or rotated. The calls opened with them end; those opened with its other keys go on.
     */
    void keysRevoked(String tenantId, Set<String> keyHashes) {
        forEach(tenantId, w -> {
            if (keyHashes.contains(w.keyHash)) {
                w.revoke(new WapiException(
                        ErrorCode.UNAUTHORIZED, "The API key this stream was opened with is no longer valid"));
            }
        });
    }

    /** The tenant was suspended (called after the commit): all its calls end. */
    void suspended(String tenantId) {
        forEach(tenantId, w -> w.revoke(new WapiException(ErrorCode.TENANT_SUSPENDED, "This account is suspended")));
    }

    private void forEach(String tenantId, Consumer<Watch> action) {
        Set<Watch> watches = byTenant.get(tenantId);
        if (watches != null) {
            watches.forEach(action);
        }
    }

    private void remove(Watch watch) {
        byTenant.computeIfPresent(watch.tenantId, (t, watches) -> {
            watches.remove(watch);
            return watches.isEmpty() ? null : watches;
        });
    }

    /** One pass of the safety net: reads the credentials of every tenant with an open call. */
    void recheck() {
        recheck(byTenant.keySet());
    }

    /**
     * Reads the credentials of these tenants and ends the calls they no longer allow (in one query; none when
     * none of them has an open call on this node).
     */
    void recheck(Collection<String> changed) {
        Set<String> tenantIds = new HashSet<>(changed);
        tenantIds.retainAll(byTenant.keySet());
        if (tenantIds.isEmpty()) {
            return;
        }
        Map<String, TenantCredential> current = new java.util.HashMap<>();
        for (TenantCredential c : lookup.apply(tenantIds)) {
            current.put(c.tenantId(), c);
        }
        for (String tenantId : tenantIds) {
            TenantCredential c = current.get(tenantId);
            // A tenant that no longer exists has no key at all.
            forEach(tenantId, w -> w.check(c == null ? Set.of() : c.keyHashes(), c != null && c.suspended()));
        }
    }

    private void startChecker() {
        if (checker != null) {
            return;
        }
        synchronized (startLock) {
            if (checker == null && running) {
                checker =
                        Thread.ofPlatform().daemon().name("credential-recheck").start(this::run);
            }
        }
    }

    private void run() {
        long pause = recheckNanos; // the first watch was checked just now, when its call was authenticated
        while (running) {
            long until = System.nanoTime() + pause;
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, left);
            }
            if (!running) {
                return;
            }
            pause = recheckNanos;
            try {
                recheck();
                failures.succeeded();
            } catch (RuntimeException e) {
                pause = Math.max(pause, TimeUnit.MILLISECONDS.toNanos(failures.failed(e)));
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Thread t = checker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
