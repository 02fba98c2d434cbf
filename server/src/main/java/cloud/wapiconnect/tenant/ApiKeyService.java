package cloud.wapiconnect.tenant;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's named API keys: several, each with scopes and optionally restricted to sessions ({@link KeyScope}),
 * created (the secret shown once), listed (never the secret), rotated with a grace period and deleted. A deleted or
 * rotated key stops working at once on this node and within a second on the others ({@link TenantChanges}), open
 * streams included.
 */
@ApplicationScoped
public class ApiKeyService {
    /** Keys a tenant may hold: enough for one per integration, few enough to stay a short list. */
    static final int MAX_KEYS = 100;
    /** The {@code api_keys.name} column. */
    static final int MAX_NAME = 100;

    static final int MAX_SESSIONS = 100;
    /** The longest grace period of a rotation: a month to roll a key out everywhere. */
    static final long MAX_GRACE_SECONDS = 30L * 24 * 3600;

    /**
     * The rule of {@code session.SessionIds}, which this package cannot use (sessions depend on tenants): a key may
     * name sessions not created yet, but only ids a session could have.
     */
    private static final Pattern SESSION_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiKeyRepository keys;
    private final Clock clock;
    private final Transactions transactions;
    private final Revocations revocations;
    private final TenantChanges changes;

    @Inject
    public ApiKeyService(
            ApiKeyRepository keys,
            Clock clock,
            Transactions transactions,
            Revocations revocations,
            TenantChanges changes) {
        this.keys = keys;
        this.clock = clock;
        this.transactions = transactions;
        this.revocations = revocations;
        this.changes = changes;
    }

    /**
     * Creates a key; its secret is in the result and nowhere else.
     *
     * @throws WapiException {@code INVALID_REQUEST} for a missing or long name, no or unknown scopes, too many
     *     sessions or keys, an expiry in the past; {@code INVALID_SESSION_ID}
     */
    @Transactional
    public CreatedApiKey create(Tenant tenant, ApiKeyInput input) {
        String name = input.name() == null ? "" : input.name().trim();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw WapiException.invalidField("name", "name is required (1-" + MAX_NAME + " characters)");
        }
        if (input.scopes() == null || input.scopes().isEmpty()) {
            throw WapiException.invalidField("scopes", "scopes must be one or more of full, send, read");
        }
        Set<Scope> scopes = EnumSet.copyOf(input.scopes());
        Set<String> sessions = new LinkedHashSet<>();
        if (input.sessions() != null) {
            if (input.sessions().size() > MAX_SESSIONS) {
                throw WapiException.invalidField("sessions", "sessions may list at most " + MAX_SESSIONS + " ids");
            }
            for (String id : input.sessions()) {
                if (id == null || !SESSION_ID.matcher(id).matches()) {
                    throw new WapiException(
                            ErrorCode.INVALID_SESSION_ID,
                            "sessions must be session ids: 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
                }
                sessions.add(id);
            }
        }
        long now = clock.millis();
        if (input.expiresAt() != null && input.expiresAt() <= now) {
            throw WapiException.invalidField("expiresAt", "expiresAt must be in the future");
        }
        if (keys.count(tenant.id()) >= MAX_KEYS) {
            throw WapiException.invalid("A tenant may hold at most " + MAX_KEYS + " API keys: delete one first");
        }
        String secret = ApiKeys.generate();
        ApiKey key = new ApiKey(newId(), name, ApiKeys.hint(secret), scopes, sessions, now, null, input.expiresAt());
        keys.insert(tenant.id(), key, ApiKeys.hash(secret));
        return new CreatedApiKey(key, secret);
    }

    /** The tenant's named keys, oldest first; never their secrets. */
    public List<ApiKey> list(Tenant tenant) {
        return keys.ofTenant(tenant.id());
    }

    /**
     * Deletes a key: calls with it are refused, and streams opened with it end, at once on this node and within a
     * second on the others.
     *
     * @throws WapiException {@code API_KEY_NOT_FOUND}
     */
    @Transactional
    public void delete(Tenant tenant, String id) {
        Set<String> revoked = keys.delete(tenant.id(), id);
        if (revoked.isEmpty()) {
            throw notFound(id);
        }
        changes.record(tenant.id(), TenantChange.Kind.API_KEY);
        transactions.afterCommit(() -> revocations.keysRevoked(tenant.id(), revoked));
    }

    /**
     * Gives a key a new secret, keeping its name, scopes and sessions. The old secret keeps working for
     * {@code graceSeconds} (none by default), then stops, open streams included; a rotation ends the grace periods
     * of the key's earlier rotations.
     *
     * @throws WapiException {@code API_KEY_NOT_FOUND}, {@code INVALID_REQUEST} for a grace period out of range
     */
    @Transactional
    public CreatedApiKey rotate(Tenant tenant, String id, long graceSeconds) {
        requireGrace(graceSeconds);
        ApiKeyRepository.Row row = keys.find(tenant.id(), id).orElseThrow(() -> notFound(id));
        String secret = ApiKeys.generate();
        keys.replaceHash(id, ApiKeys.hash(secret), ApiKeys.hint(secret));
        Set<String> revoked = replaced(tenant.id(), id, row.keyHash(), graceSeconds);
        ApiKey k = row.key();
        ApiKey rotated = new ApiKey(
                k.id(),
                k.name(),
                ApiKeys.hint(secret),
                k.scopes(),
                k.sessions(),
                k.createdAt(),
                k.lastUsedAt(),
                k.expiresAt());
        return new CreatedApiKey(rotated, secret);
    }

    /**
     * What a rotation does with the secret it replaced (of the named key {@code keyId}, or the tenant's own for
     * null), in the caller's transaction: ends the grace periods of the key's earlier rotations, keeps the old hash
     * working for the grace period, records the change for every node, and revokes on this node once committed
     * what stopped working. Returns the hashes that stopped working.
     */
    Set<String> replaced(String tenantId, String keyId, String oldHash, long graceSeconds) {
        long now = clock.millis();
        keys.purgeGrace(tenantId, now);
        Set<String> revoked = new LinkedHashSet<>(keys.endGrace(tenantId, keyId));
        if (graceSeconds > 0) {
            keys.keepInGrace(tenantId, keyId, oldHash, now + graceSeconds * 1000);
        } else {
            revoked.add(oldHash);
        }
        changes.record(tenantId, TenantChange.Kind.API_KEY);
        if (!revoked.isEmpty()) {
            transactions.afterCommit(() -> revocations.keysRevoked(tenantId, revoked));
        }
        return revoked;
    }

    /** @throws WapiException {@code INVALID_REQUEST} for a grace period below 0 or above a month */
    static void requireGrace(long graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw WapiException.invalidField(
                    "graceSeconds", "graceSeconds must be 0 to " + MAX_GRACE_SECONDS + " (30 days)");
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }

    private static WapiException notFound(String id) {
        return new WapiException(ErrorCode.API_KEY_NOT_FOUND, "API key '" + id + "' not found");
    }
}
