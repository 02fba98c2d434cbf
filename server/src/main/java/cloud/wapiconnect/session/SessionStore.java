package cloud.wapiconnect.session;

import cloud.wapiconnect.cluster.LeaseFence;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantRepository;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;

/**
 * The stored side of a session's life, each step one transaction: creation within the plan, and every
 * status change together with its event-log entry.
 */
@ApplicationScoped
class SessionStore {
    private final SessionRepository sessions;
    private final TenantRepository tenants;
    private final TenantService tenantService;
    private final EventLog events;
    private final Clock clock;
    private final LeaseFence fence;

    @Inject
    SessionStore(
            SessionRepository sessions,
            TenantRepository tenants,
            TenantService tenantService,
            EventLog events,
            Clock clock,
            LeaseFence fence) {
        this.fence = fence;
        this.sessions = sessions;
        this.tenants = tenants;
        this.tenantService = tenantService;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Inserts the session if it is new, within the plan's session limit. The tenant row is locked so
     * that concurrent creates cannot both take the last free place.
     *
     * @param proxy the session's proxy when the client gave one (an existing session's stays when empty)
     * @return whether the session is new
     */
    @Transactional
    boolean createOrReuse(Tenant tenant, SessionKey key, String name, Optional<SessionProxy> proxy, long now) {
        Tenant locked = tenants.lock(tenant.id()).orElseThrow();
        if (sessions.find(key).isPresent()) {
            sessions.markStarting(key, name, now);
            proxy.ifPresent(p -> sessions.saveProxy(key, p));
            return false;
        }
        int max = tenantService.plan(locked).maxSessions();
        long used = sessions.count(tenant.id());
        if (used >= max) {
            throw WapiException.limit(
                    ErrorCode.SESSION_LIMIT_REACHED,
                    "Your plan allows " + max + " session" + (max == 1 ? "" : "s"),
                    max,
                    used);
        }
        sessions.insert(key, name, now);
        proxy.ifPresent(p -> sessions.saveProxy(key, p));
        return true;
    }

    /**
     * Sets or removes ({@code null}) the session's proxy.
     *
     * @return whether the session still exists
     */
    @Transactional
    boolean proxy(SessionKey key, SessionProxy proxy) {
        if (sessions.find(key).isEmpty()) {
            return false;
        }
        sessions.saveProxy(key, proxy);
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

    /**
     * The status writes of a connection ({@link SessionListener}) carry its lease's generation: refused
     * ({@code SESSION_MOVING}) once another node took the session over, so a replaced connection cannot
     * overwrite what the new owner reports.
     */
    @Transactional
    void qr(SessionKey key, long generation, QrImage qr) {
        fence.require(key, generation);
        sessions.updateStatus(key, SessionStatus.QR_READY, null, null, clock.millis());
        events.append(key, new EventData.Qr(qr));
    }

    @Transactional
    void authenticated(SessionKey key, long generation) {
        fence.require(key, generation);
        sessions.updateStatus(key, SessionStatus.AUTHENTICATED, null, null, clock.millis());
        events.append(key, new EventData.Authenticated());
    }

    @Transactional
    void ready(SessionKey key, long generation, String phoneNumber) {
        fence.require(key, generation);
        sessions.updateStatus(key, SessionStatus.READY, phoneNumber, null, clock.millis());
        events.append(key, new EventData.Ready(phoneNumber));
    }

    /** {@link #disconnected(SessionKey, DisconnectReason)} reported by a connection under its lease's generation. */
    @Transactional
    void disconnected(SessionKey key, long generation, DisconnectReason reason) {
        fence.require(key, generation);
        disconnected(key, reason);
    }

    /** A disconnect; unlinking reasons also forget the credentials and keep the session offline. */
    @Transactional
    void disconnected(SessionKey key, DisconnectReason reason) {
        sessions.updateStatus(key, SessionStatus.DISCONNECTED, null, reason.wireName(), clock.millis());
        if (reason.unlinks()) {
            sessions.saveCredentials(key, null);
        }
        if (!reason.reconnects()) {
            sessions.setWantedOnline(key, false);
        }
        events.append(key, new EventData.Disconnected(reason.wireName()));
    }

    /**
     * What WhatsApp now allows the number to send; a {@code session_limits} event when that changed. Refused
     * ({@code SESSION_MOVING}) unless this node holds the session's lease at {@code generation}.
     */
    @Transactional
    void limits(SessionKey key, long generation, SendingLimits limits) {
        fence.require(key, generation);
        if (sessions.updateLimits(key, limits)) {
            events.append(key, EventData.SessionLimits.of(limits));
        }
    }

    /**
     * Refused ({@code SESSION_MOVING}) unless this node still holds the session's lease at {@code generation}.
     */
    @Transactional
    void credentials(SessionKey key, long generation, byte[] credentials) {
        fence.require(key, generation);
        sessions.saveCredentials(key, credentials);
    }
}
