package cloud.wapiconnect.idempotency;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Idempotency keys, as payment APIs have them: the first request with a key runs and its result is
 * kept for 24 hours; a retry with the same key and the same request gets that result without running
 * again. A failed request releases its key so that it can be retried.
 */
@ApplicationScoped
public class IdempotencyService {
    static final Duration RETENTION = Duration.ofHours(24);
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyRepository keys;
    private final Clock clock;

    @Inject
    public IdempotencyService(IdempotencyRepository keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Runs {@code action} once per key.
     *
     * @param request what identifies the request, compared on every retry; computed only when there is a key
     * @throws WapiException {@code INVALID_REQUEST} for a bad key, {@code IDEMPOTENCY_IN_PROGRESS} while the first
     *                       request runs, {@code IDEMPOTENCY_KEY_REUSED} when the key came with a different request
     */
    public <T> T once(
            String tenantId, Optional<String> key, Supplier<String> request, Class<T> resultType, Supplier<T> action) {
        if (key.isEmpty()) {
            return action.get();
        }
        String idemKey = key.get().trim();
        if (idemKey.isEmpty() || idemKey.length() > MAX_KEY_LENGTH) {
            throw WapiException.invalid("Idempotency-Key must be 1-" + MAX_KEY_LENGTH + " characters");
        }
        String fingerprint = Sha256.hex(request.get());
        long now = clock.millis();
        keys.releaseIfOlder(tenantId, idemKey, now - RETENTION.toMillis());
        if (!keys.claim(tenantId, idemKey, fingerprint, now)) {
            return replay(tenantId, idemKey, fingerprint, resultType);
        }
        T result;
        try {
            result = action.get();
        } catch (RuntimeException e) {
            keys.release(tenantId, idemKey);
            throw e;
        }
        keys.complete(tenantId, idemKey, Json.write(result));
        return result;
    }

    private <T> T replay(String tenantId, String key, String fingerprint, Class<T> resultType) {
        IdempotencyRepository.Claim claim = keys.find(tenantId, key).orElseThrow(() -> inProgress());
        if (!claim.fingerprint().equals(fingerprint)) {
            throw new WapiException(
                    ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was already used with a different request");
        }
        if (claim.response() == null) {
            throw inProgress();
        }
        return Json.read(claim.response(), resultType);
    }

    private static WapiException inProgress() {
        return new WapiException(
                ErrorCode.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still being processed; retry shortly");
    }
}
