package cloud.wapiconnect.usage;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.session.SessionRepository;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The daily sent-message allowance of each tenant (UTC days). */
@ApplicationScoped
public class UsageService {
    private final UsageRepository usage;
    private final SessionRepository sessions;
    private final TenantService tenants;
    private final Clock clock;
    private final Map<String, LocalDate> countersReady = new ConcurrentHashMap<>();

    @Inject
    public UsageService(UsageRepository usage, SessionRepository sessions, TenantService tenants, Clock clock) {
        this.usage = usage;
        this.sessions = sessions;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Makes sure today's counter exists, in a transaction of its own; call it before the transaction
     * that {@link #reserve}s. Remembered per tenant, so it costs a statement once a day.
     *
     * @return the day to reserve on
     */
    public LocalDate prepareToday(Tenant tenant) {
        LocalDate today = today();
        if (!today.equals(countersReady.get(tenant.id()))) {
            usage.ensureRow(tenant.id(), today);
            countersReady.put(tenant.id(), today);
        }
        return today;
    }

    /**
     * Reserves one message of the day's allowance, atomically however many senders race for the last
     * one. Joins the caller's transaction.
     *
     * @param day a day prepared by {@link #prepareToday}
     * @throws WapiException {@code SENT_LIMIT_EXCEEDED} with {@code limit} and {@code used}
     */
    @Transactional
    public void reserve(Tenant tenant, LocalDate day) {
        int limit = tenants.plan(tenant).dailyMessageLimit();
        if (!usage.reserve(tenant.id(), day, limit)) {
            throw WapiException.limit(
                    ErrorCode.SENT_LIMIT_EXCEEDED,
                    "Daily sent message limit reached",
                    limit,
                    Math.max(limit, usage.sent(tenant.id(), day)));
        }
    }

    /** Returns a reservation whose message was never sent. */
    @Transactional
    public void release(Tenant tenant, LocalDate day) {
        releaseOn(tenant.id(), day);
    }

    @Transactional
    public void releaseOn(String tenantId, LocalDate day) {
        usage.release(tenantId, day);
    }

    @Transactional
    public Usage today(Tenant tenant) {
        Plan plan = tenants.plan(tenant);
        LocalDate today = today();
        return new Usage(
                plan.id(),
                today.toString(),
                usage.sent(tenant.id(), today),
                plan.dailyMessageLimit(),
                sessions.count(tenant.id()),
                plan.maxSessions());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
