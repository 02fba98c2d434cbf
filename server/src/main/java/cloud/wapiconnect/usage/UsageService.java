package cloud.wapiconnect.usage;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.persistence.SessionRepository;
import cloud.wapiconnect.persistence.UsageRepository;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;

/** The daily sent-message allowance of each tenant (UTC days). */
@ApplicationScoped
public class UsageService {
    private final UsageRepository usage;
    private final SessionRepository sessions;
    private final TenantService tenants;
    private final Clock clock;

    @Inject
    public UsageService(UsageRepository usage, SessionRepository sessions, TenantService tenants, Clock clock) {
        this.usage = usage;
        this.sessions = sessions;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Reserves one message of today's allowance. Joins the caller's transaction when there is one.
     *
     * @return the day the reservation counts against, to {@link #release} it if the send fails
     * @throws WapiException {@code SENT_LIMIT_EXCEEDED} with {@code limit} and {@code used}
     */
    @Transactional
    public LocalDate reserve(Tenant tenant) {
        LocalDate today = today();
        int limit = tenants.plan(tenant).dailyMessageLimit();
        if (!usage.reserve(tenant.id(), today, limit)) {
            throw WapiException.limit(ErrorCode.SENT_LIMIT_EXCEEDED, "Daily sent message limit reached", limit,
                    usage.sent(tenant.id(), today));
        }
        return today;
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
        return new Usage(plan.id(), today.toString(), usage.sent(tenant.id(), today), plan.dailyMessageLimit(),
                sessions.count(tenant.id()), plan.maxSessions());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
