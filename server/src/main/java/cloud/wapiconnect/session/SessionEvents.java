package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.persistence.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stores a session's status change and its event-log entry in one transaction. */
@ApplicationScoped
class SessionEvents {
    private final SessionRepository sessions;
    private final EventLog events;
    private final Clock clock;

    @Inject
    SessionEvents(SessionRepository sessions, EventLog events, Clock clock) {
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    void qr(SessionKey key, String qr) {
        sessions.updateStatus(key, SessionStatus.QR_READY, null, null, clock.millis());
        events.append(key, EventType.QR, Map.of("qr", qr));
    }

    @Transactional
    void authenticated(SessionKey key) {
        sessions.updateStatus(key, SessionStatus.AUTHENTICATED, null, null, clock.millis());
        events.append(key, EventType.AUTHENTICATED, Map.of());
    }

    @Transactional
    void ready(SessionKey key, String phoneNumber) {
        sessions.updateStatus(key, SessionStatus.READY, phoneNumber, null, clock.millis());
        events.append(key, EventType.READY, Map.of("phoneNumber", phoneNumber));
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason.wireName());
        events.append(key, EventType.DISCONNECTED, data);
    }

    @Transactional
    void credentials(SessionKey key, byte[] credentials) {
        sessions.saveCredentials(key, credentials);
    }
}
