package cloud.wapiconnect.tenant;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Tenants, their plans and API keys. */
@ApplicationScoped
public class TenantService {
    /** The {@code plans.name} column. */
    private static final int MAX_PLAN_NAME = 100;
    /** The fastest bulk pace a plan may set: beyond what one tenant's WhatsApp numbers may send. */
    private static final int MAX_BULK_SENDS_PER_SECOND = 1_000;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PLAN_ID = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,31}$");

    private final TenantRepository tenants;
    private final PlanRepository plans;
    private final Clock clock;
    private final Transactions transactions;
    private final Revocations revocations;
    private final AuthCache authCache;
    private final TenantChanges changes;
    private final ApiKeyRepository apiKeys;
    private final ApiKeyService apiKeyService;
    private final KeyUsage keyUsage;

    @Inject
    public TenantService(
            TenantRepository tenants,
            PlanRepository plans,
            Clock clock,
            Transactions transactions,
            Revocations revocations,
            AuthCache authCache,
            TenantChanges changes,
            ApiKeyRepository apiKeys,
            ApiKeyService apiKeyService,
            KeyUsage keyUsage) {
        this.tenants = tenants;
        this.plans = plans;
        this.clock = clock;
        this.transactions = transactions;
        this.revocations = revocations;
        this.authCache = authCache;
        this.changes = changes;
        this.apiKeys = apiKeys;
        this.apiKeyService = apiKeyService;
        this.keyUsage = keyUsage;
    }

    /**
     * The tenant owning an API key.
     *
     * @throws WapiException {@code UNAUTHORIZED} for a missing, unknown or expired key, {@code TENANT_SUSPENDED}
     */
    public Tenant authenticate(String apiKey) {
        return caller(apiKey).tenant();
    }

    /**
     * Who presents an API key: its tenant and what the key allows (the tenant's own key allows everything; a named
     * key its scopes and sessions, {@link KeyScope}). A named key's use is recorded about once a minute.
     *
     * @throws WapiException {@code UNAUTHORIZED} for a missing, unknown or expired key (a named key past its
     *     {@code expiresAt}, a replaced key past its grace period), {@code TENANT_SUSPENDED}
     */
    public Caller caller(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new WapiException(ErrorCode.UNAUTHORIZED, "Missing API key: send it in the X-API-Key header");
        }
        String hash = ApiKeys.hash(apiKey.trim());
        long now = clock.millis();
        Caller caller = authCache.get(hash).orElseGet(() -> {
            long stamp = authCache.stamp();
            Caller found =
                    lookup(hash, now).orElseThrow(() -> new WapiException(ErrorCode.UNAUTHORIZED, "Invalid API key"));
            authCache.put(hash, found, stamp);
            return found;
        });
        if (caller.grant().validUntil() <= now) {
            // Cached until its expiry at most: checked here on every use.
            throw new WapiException(ErrorCode.UNAUTHORIZED, "This API key has expired");
        }
        if (caller.tenant().suspended()) {
            throw new WapiException(ErrorCode.TENANT_SUSPENDED, "This account is suspended");
        }
        if (caller.grant().keyId() != null) {
            keyUsage.used(caller.grant().keyId(), now);
        }
        return caller;
    }

    /** The tenant's own key, else a named key, else a key in a rotation's grace period. */
    private Optional<Caller> lookup(String hash, long now) {
        Optional<Caller> own = tenants.findByKeyHash(hash).map(t -> new Caller(t, KeyGrant.ACCOUNT));
        if (own.isPresent()) {
            return own;
        }
        return apiKeys.findByHash(hash, now)
                .flatMap(found -> tenants.find(found.tenantId()).map(t -> new Caller(t, found.grant())));
    }

    /**
     * Creates a tenant with a fresh API key.
     *
     * @throws WapiException {@code INVALID_REQUEST} for a bad name, email or unknown plan
     */
    @Transactional
    public CreatedTenant create(String name, String email, String planId) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw WapiException.invalid("name is required (1-200 characters)");
        }
        if (email == null
                || email.length() > 254
                || !EMAIL.matcher(email.trim()).matches()) {
            throw WapiException.invalid("email must be a valid email address");
        }
        String plan = planId == null || planId.isBlank() ? "free" : planId.trim();
        if (plans.find(plan).isEmpty()) {
            throw WapiException.invalid("Unknown plan '" + plan + "'");
        }
        String key = ApiKeys.generate();
        Tenant tenant =
                new Tenant(TenantIds.forName(name.trim()), name.trim(), email.trim(), plan, false, clock.millis());
        tenants.insert(tenant, ApiKeys.hash(key), ApiKeys.hint(key));
        return new CreatedTenant(tenant, key);
    }

    public Optional<Tenant> find(String tenantId) {
        return tenants.find(tenantId);
    }

    public List<Tenant> list() {
        return tenants.list();
    }

    public boolean anyTenant() {
        return !tenants.list().isEmpty();
    }

    /**
     * Changes a tenant's plan or suspension; every node sees the change within a second ({@link TenantChanges}).
     *
     * @throws WapiException {@code TENANT_NOT_FOUND}, {@code INVALID_REQUEST} for an unknown plan
     */
    @Transactional
    public Tenant update(String tenantId, String planId, Boolean suspended) {
        if (planId != null && plans.find(planId).isEmpty()) {
            throw WapiException.invalid("Unknown plan '" + planId + "'");
        }
        Tenant updated = tenants.update(tenantId, planId, suspended).orElseThrow(() -> tenantNotFound(tenantId));
        changes.record(tenantId, TenantChange.Kind.ACCOUNT);
        if (updated.suspended()) {
            // Open streams end too, not just the next request; after the commit, so none ends for nothing.
            transactions.afterCommit(() -> revocations.suspended(tenantId));
        }
        return updated;
    }

    /** The first characters of the tenant's API key: enough to recognise it, useless to anyone else. */
    public String apiKeyHint(Tenant tenant) {
        return tenants.keyHint(tenant.id()).orElseThrow(() -> tenantNotFound(tenant.id()));
    }

    /**
     * Issues a new API key; the old one stops working, open streams opened with it included, when this returns on
     * this node and within a second on the others ({@link TenantChanges}).
     */
    @Transactional // a call to this bean's own method is not intercepted: the transaction starts here
    public String resetApiKey(Tenant tenant) {
        return resetApiKey(tenant, 0);
    }

    /**
     * Issues a new API key for the tenant's own key. The old one keeps working for {@code graceSeconds} (0: not at
     * all), then stops, open streams opened with it included: at once on this node and within a second on the others
     * ({@link TenantChanges}). A reset also ends the grace periods of earlier resets. Named keys are not touched.
     *
     * @throws WapiException {@code INVALID_REQUEST} for a grace period below 0 or above 30 days
     */
    @Transactional
    public String resetApiKey(Tenant tenant, long graceSeconds) {
        ApiKeyService.requireGrace(graceSeconds);
        String oldHash = tenants.keyHash(tenant.id()).orElseThrow(() -> tenantNotFound(tenant.id()));
        String key = ApiKeys.generate();
        if (!tenants.replaceKey(tenant.id(), ApiKeys.hash(key), ApiKeys.hint(key))) {
            throw tenantNotFound(tenant.id());
        }
        apiKeyService.replaced(tenant.id(), null, oldHash, graceSeconds);
        return key;
    }

    public Plan plan(Tenant tenant) {
        return plans.find(tenant.planId())
                .orElseThrow(() ->
                        new IllegalStateException("Tenant " + tenant.id() + " has unknown plan " + tenant.planId()));
    }

    public List<Plan> plans() {
        return plans.list();
    }

    /**
     * Creates or changes a plan. A bulk bound left out keeps the plan's value, or takes the default
     * ({@link Plan#DEFAULT_MAX_BULK_JOBS}, {@link Plan#DEFAULT_MAX_BULK_RECIPIENTS},
     * {@link Plan#DEFAULT_MAX_BULK_SENDS_PER_SECOND}) for a new plan.
     *
     * @throws WapiException {@code INVALID_REQUEST} for a bad id, negative limits or a bulk pace below 1
     */
    @Transactional
    public Plan savePlan(String id, PlanInput input) {
        if (!PLAN_ID.matcher(id).matches()) {
            throw WapiException.invalid("planId must be 1-32 of a-z, 0-9, '_' and '-'");
        }
        if (input.maxSessions() < 0 || input.dailyMessageLimit() < 0) {
            throw WapiException.invalid("maxSessions and dailyMessageLimit must be 0 or more");
        }
        if ((input.maxBulkJobs() != null && input.maxBulkJobs() < 0)
                || (input.maxBulkRecipients() != null && input.maxBulkRecipients() < 0)) {
            throw WapiException.invalid("maxBulkJobs and maxBulkRecipients must be 0 or more");
        }
        if (input.maxBulkSendsPerSecond() != null
                && (input.maxBulkSendsPerSecond() < 1 || input.maxBulkSendsPerSecond() > MAX_BULK_SENDS_PER_SECOND)) {
            throw WapiException.invalidField(
                    "maxBulkSendsPerSecond", "maxBulkSendsPerSecond must be 1 to " + MAX_BULK_SENDS_PER_SECOND);
        }
        Optional<Plan> existing = plans.find(id);
        int jobs = input.maxBulkJobs() != null
                ? input.maxBulkJobs()
                : existing.map(Plan::maxBulkJobs).orElse(Plan.DEFAULT_MAX_BULK_JOBS);
        int recipients = input.maxBulkRecipients() != null
                ? input.maxBulkRecipients()
                : existing.map(Plan::maxBulkRecipients).orElse(Plan.DEFAULT_MAX_BULK_RECIPIENTS);
        int pace = input.maxBulkSendsPerSecond() != null
                ? input.maxBulkSendsPerSecond()
                : existing.map(Plan::maxBulkSendsPerSecond).orElse(Plan.DEFAULT_MAX_BULK_SENDS_PER_SECOND);
        String planName = input.name() == null || input.name().isBlank()
                ? id
                : input.name().trim();
        if (planName.length() > MAX_PLAN_NAME) {
            throw WapiException.invalidField("name", "name must be at most " + MAX_PLAN_NAME + " characters");
        }
        return plans.save(
                new Plan(id, planName, input.maxSessions(), input.dailyMessageLimit(), jobs, recipients, pace));
    }

    private static WapiException tenantNotFound(String tenantId) {
        return new WapiException(ErrorCode.TENANT_NOT_FOUND, "Tenant '" + tenantId + "' not found");
    }
}
