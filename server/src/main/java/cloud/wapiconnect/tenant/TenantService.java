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

    @Inject
    public TenantService(
            TenantRepository tenants,
            PlanRepository plans,
            Clock clock,
            Transactions transactions,
            Revocations revocations,
            AuthCache authCache,
            TenantChanges changes) {
        this.tenants = tenants;
        this.plans = plans;
        this.clock = clock;
        this.transactions = transactions;
        this.revocations = revocations;
        this.authCache = authCache;
        this.changes = changes;
    }

    /**
     * The tenant owning an API key.
     *
     * @throws WapiException {@code UNAUTHORIZED} for a missing or unknown key, {@code TENANT_SUSPENDED}
     */
    public Tenant authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new WapiException(ErrorCode.UNAUTHORIZED, "Missing API key: send it in the X-API-Key header");
        }
        String hash = ApiKeys.hash(apiKey.trim());
        Tenant tenant = authCache.get(hash).orElseGet(() -> {
            long stamp = authCache.stamp();
            Tenant found = tenants.findByKeyHash(hash)
                    .orElseThrow(() -> new WapiException(ErrorCode.UNAUTHORIZED, "Invalid API key"));
            authCache.put(hash, found, stamp);
            return found;
        });
        if (tenant.suspended()) {
            throw new WapiException(ErrorCode.TENANT_SUSPENDED, "This account is suspended");
        }
        return tenant;
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
    @Transactional
    public String resetApiKey(Tenant tenant) {
        String key = ApiKeys.generate();
        String hash = ApiKeys.hash(key);
        if (!tenants.replaceKey(tenant.id(), hash, ApiKeys.hint(key))) {
            throw tenantNotFound(tenant.id());
        }
        changes.record(tenant.id(), TenantChange.Kind.API_KEY);
        transactions.afterCommit(() -> revocations.keyReplaced(tenant.id(), hash));
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
