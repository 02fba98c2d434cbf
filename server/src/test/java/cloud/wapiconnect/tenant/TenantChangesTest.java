package cloud.wapiconnect.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The poll of the change log: every committed row applied once, whatever order ids commit in (on Galera they
 * step by the cluster size and commit out of order), bursts read in pages, and the open streams of a tenant
 * whose credentials changed re-checked.
 */
class TenantChangesTest {
    private static final StepRetryConfig RETRY = new StepRetryConfig(Duration.ofMillis(10), Duration.ofMillis(100), 3);
    private static final Duration LATE = Duration.ofSeconds(10);

    /** The committed rows, by id. */
    private final TreeMap<Long, TenantChange> log = new TreeMap<>();

    private final List<TenantChange> told = new CopyOnWriteArrayList<>();
    private final Map<String, TenantCredential> credentials = new ConcurrentHashMap<>();
    private final Revocations revocations = new Revocations(
            ids -> new ArrayList<>(
                    ids.stream().map(credentials::get).filter(c -> c != null).toList()),
            RETRY,
            Duration.ofHours(1));
    private long now;

    private final TenantChanges changes = new TenantChanges(
            null,
            new TenantChanges.Reader() {
                @Override
                public List<TenantChangeRepository.Row> after(long id, int limit) {
                    return log.tailMap(id, false).entrySet().stream()
                            .limit(limit)
                            .map(e -> new TenantChangeRepository.Row(e.getKey(), e.getValue()))
                            .toList();
                }

                @Override
                public long maxId() {
                    return log.isEmpty() ? 0 : log.lastKey();
                }
            },
            new AuthCache(),
            revocations,
            () -> List.of(told::add),
            null,
            Clock.systemUTC(),
            RETRY,
            LATE,
            () -> now);

    private static TenantChange webhooks(String tenantId) {
        return new TenantChange(tenantId, TenantChange.Kind.WEBHOOKS);
    }

    @Test
    void aRowCommittingAfterOneWithAHigherIdIsStillApplied() {
        changes.poll(); // positioned on an empty log
        log.put(6L, webhooks("t6")); // Galera, three nodes: ids 3, 6 and 9 taken, 6 commits first
        assertEquals(1, changes.poll());
        now += Duration.ofSeconds(2).toNanos();
        log.put(3L, webhooks("t3"));
        log.put(9L, webhooks("t9"));
        assertEquals(2, changes.poll());
        assertEquals(0, changes.poll(), "nothing twice");
        assertEquals(List.of(webhooks("t6"), webhooks("t3"), webhooks("t9")), told);
    }

    @Test
    void rowsSeenLongEnoughAgoAreNotReadAgain() {
        changes.poll();
        log.put(1L, webhooks("a"));
        changes.poll();
        now += LATE.toNanos();
        changes.poll(); // row 1 is settled: reads start after it
        log.put(2L, webhooks("b"));
        assertEquals(1, changes.poll());
        now += LATE.toNanos() + 1;
        changes.poll();
        log.remove(1L); // purged: the poll reads after the settled id only
        log.remove(2L);
        assertEquals(0, changes.poll());
        assertEquals(List.of(webhooks("a"), webhooks("b")), told);
    }

    @Test
    void aBurstIsReadInPages() {
        changes.poll();
        for (long id = 1; id <= 1_234; id++) {
            log.put(id, webhooks("t" + id));
        }
        assertEquals(1_234, changes.poll());
        assertEquals(0, changes.poll());
    }

    @Test
    void atStartUpChangesAlreadyLoggedAreNotAllReadAgain() {
        for (long id = 1; id <= 1_000; id++) {
            log.put(id, webhooks("t" + id));
        }
        assertEquals(100, changes.poll(), "only a short way back, for late commits");
    }

    @Test
    void aKeyResetOrSuspensionThroughAnotherNodeEndsTheStreamsHere() {
        Tenant shop = new Tenant("shop-a1b2c3", "Shop", "o@example.com", "free", false, 0);
        credentials.put(shop.id(), new TenantCredential(shop.id(), ApiKeys.hash("wapi_k"), false));
        AtomicReference<WapiException> stream = new AtomicReference<>();
        revocations.watch(shop, "wapi_k", stream::set);
        changes.poll();

        log.put(1L, webhooks(shop.id()));
        changes.poll();
        assertNull(stream.get(), "a webhook change leaves streams alone");

        credentials.put(shop.id(), new TenantCredential(shop.id(), ApiKeys.hash("wapi_new"), false));
        log.put(2L, new TenantChange(shop.id(), TenantChange.Kind.API_KEY));
        changes.poll();
        assertEquals(ErrorCode.UNAUTHORIZED, stream.get().code());
        assertEquals(0, revocations.watches());
    }
}
