package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.persistence.SessionRepository;
import cloud.wapiconnect.persistence.TenantRepository;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** The transactional steps of {@link SessionService}. */
@ApplicationScoped
class SessionStore {
    private final SessionRepository sessions;
    private final TenantRepository tenants;
    private final TenantService tenantService;

    @Inject
    SessionStore(SessionRepository sessions, TenantRepository tenants, TenantService tenantService) {
        this.sessions = sessions;
        this.tenants = tenants;
        this.tenantService = tenantService;
    }

    /**
     * Inserts the session if it is new, within the plan's session limit. The tenant row is locked so
     * that concurrent creates cannot both take the last free place.
     *
     * @return whether the session is new
     */
    @Transactional
    boolean createOrReuse(Tenant tenant, SessionKey key, String name, long now) {
        Tenant locked = tenants.lock(tenant.id()).orElseThrow();
        if (sessions.find(key).isPresent()) {
            sessions.markStarting(key, name, now);
            return false;
        }
        int max = tenantService.plan(locked).maxSessions();
        long used = sessions.count(tenant.id());
        if (used >= max) {
            throw WapiException.limit(ErrorCode.SESSION_LIMIT_REACHED,
                    "Your plan allows " + max + " session" + (max == 1 ? "" : "s"), max, used);
        }
        sessions.insert(key, name, now);
        return true;
    }

    /** A session that was waiting for a QR scan when the server stopped. */
    @Transactional
    void interrupted(SessionKey key, long now) {
        sessions.setWantedOnline(key, false);
        sessions.updateStatus(key, SessionStatus.DISCONNECTED, null, DisconnectReason.QR_TIMEOUT.wireName(), now);
    }

    @Transactional
    void delete(SessionKey key) {
        sessions.delete(key);
    }
}
