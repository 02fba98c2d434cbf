package cloud.wapiconnect.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private static final StepRetryConfig RETRY = new StepRetryConfig(Duration.ofMillis(10), Duration.ofMillis(100), 3);
    private static final Tenant SHOP = new Tenant("shop-a1b2c3", "Shop", "o@example.com", "free", false, 0);

    private final Map<String, TenantCredential> database = new ConcurrentHashMap<>();
    // Re-checked by hand (recheck()), not by the thread: a long period.
    private final Revocations revocations = new Revocations(
            ids -> new ArrayList<>(
                    ids.stream().map(database::get).filter(c -> c != null).toList()),
            RETRY,
            Duration.ofHours(1));

    private AtomicReference<WapiException> watch(String key) {
        AtomicReference<WapiException> revoked = new AtomicReference<>();
        revocations.watch(SHOP, key, e -> {
            if (!revoked.compareAndSet(null, e)) {
                throw new AssertionError("told twice");
            }
        });
        return revoked;
    }

    @Test
    void revokedKeysEndTheirCallsOnlyAndOnce() {
        AtomicReference<WapiException> old = watch("wapi_old");
        AtomicReference<WapiException> fresh = watch("wapi_new");
        AtomicReference<WapiException> named = watch("wapi_named");
        revocations.keysRevoked(SHOP.id(), Set.of(ApiKeys.hash("wapi_old")));
        assertEquals(ErrorCode.UNAUTHORIZED, old.get().code());
        assertNull(fresh.get());
        assertNull(named.get(), "the tenant's other keys go on");
        revocations.keysRevoked(SHOP.id(), Set.of(ApiKeys.hash("wapi_old")));
        assertEquals(2, revocations.watches(), "the told watch is gone, the others stay");
    }

    @Test
    void theRecheckKeepsCallsOfEveryKeyStillGood() {
        database.put(
                SHOP.id(),
                new TenantCredential(SHOP.id(), Set.of(ApiKeys.hash("wapi_k"), ApiKeys.hash("wapi_named")), false));
        AtomicReference<WapiException> own = watch("wapi_k");
        AtomicReference<WapiException> named = watch("wapi_named");
        revocations.recheck();
        assertNull(own.get());
        assertNull(named.get());
        database.put(SHOP.id(), new TenantCredential(SHOP.id(), ApiKeys.hash("wapi_k"), false));
        revocations.recheck();
        assertNull(own.get());
        assertEquals(ErrorCode.UNAUTHORIZED, named.get().code(), "a deleted or expired named key");
    }

    @Test
    void aSuspensionEndsEveryCallOfTheTenant() {
        List<AtomicReference<WapiException>> calls = List.of(watch("wapi_k"), watch("wapi_k"));
        revocations.suspended(SHOP.id());
        calls.forEach(c -> assertEquals(ErrorCode.TENANT_SUSPENDED, c.get().code()));
        assertEquals(0, revocations.watches());
    }

    @Test
    void theRecheckCatchesChangesNoSignalAnnounced() {
        database.put(SHOP.id(), new TenantCredential(SHOP.id(), ApiKeys.hash("wapi_k"), false));
        AtomicReference<WapiException> call = watch("wapi_k");
        revocations.recheck();
        assertNull(call.get(), "nothing changed");

        database.put(SHOP.id(), new TenantCredential(SHOP.id(), ApiKeys.hash("wapi_k"), true));
        revocations.recheck();
        assertEquals(ErrorCode.TENANT_SUSPENDED, call.get().code());

        AtomicReference<WapiException> other = watch("wapi_k");
        database.put(SHOP.id(), new TenantCredential(SHOP.id(), ApiKeys.hash("wapi_other"), true));
        revocations.recheck();
        assertEquals(
                ErrorCode.UNAUTHORIZED, other.get().code(), "a replaced key is told first, as a new call would be");

        AtomicReference<WapiException> gone = watch("wapi_other");
        database.remove(SHOP.id());
        revocations.recheck();
        assertEquals(ErrorCode.UNAUTHORIZED, gone.get().code(), "a tenant that no longer exists");
    }

    @Test
    void aClosedWatchIsNeverTold() {
        AtomicReference<WapiException> told = new AtomicReference<>();
        Revocations.Watch w = revocations.watch(SHOP, "wapi_k", told::set);
        w.close();
        revocations.suspended(SHOP.id());
        assertNull(told.get());
        assertEquals(0, revocations.watches());
    }
}
