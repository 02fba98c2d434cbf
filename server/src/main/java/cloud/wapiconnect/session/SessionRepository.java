package cloud.wapiconnect.session;

import cloud.wapiconnect.crypto.SecretsAtRest;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.whatsapp.SessionProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class SessionRepository {
    private final EntityManager em;
    private final SecretsAtRest secrets;

    @Inject
    public SessionRepository(SharedEntityManager shared, SecretsAtRest secrets) {
        this.em = shared.get();
        this.secrets = secrets;
    }

    public Optional<Session> find(SessionKey key) {
        return Optional.ofNullable(entity(key)).map(SessionRepository::toSession);
    }

    public List<Session> list(String tenantId) {
        return em.createQuery(
                        "select s from SessionEntity s where s.tenantId = :t order by s.createdAt, s.sessionId",
                        SessionEntity.class)
                .setParameter("t", tenantId)
                .getResultStream()
                .map(SessionRepository::toSession)
                .toList();
    }

    /** Sessions that were online when the server stopped. */
    public List<Session> wantedOnline() {
        return em.createQuery("select s from SessionEntity s where s.wantedOnline = true", SessionEntity.class)
                .getResultStream()
                .map(SessionRepository::toSession)
                .toList();
    }

    public long count(String tenantId) {
        return em.createQuery("select count(s) from SessionEntity s where s.tenantId = :t", Long.class)
                .setParameter("t", tenantId)
                .getSingleResult();
    }

    public void insert(SessionKey key, String name, long now) {
        SessionEntity e = new SessionEntity();
        e.tenantId = key.tenantId();
        e.sessionId = key.sessionId();
        e.name = name;
        e.status = SessionStatus.INITIALIZING.wireName();
        e.wantedOnline = true;
        e.createdAt = now;
        e.updatedAt = now;
        em.persist(e);
    }

    /** Records a status change; {@code phoneNumber} and {@code reason} are kept when null. */
    public void updateStatus(SessionKey key, SessionStatus status, String phoneNumber, String reason, long now) {
        SessionEntity e = entity(key);
        if (e == null) {
            return;
        }
        e.status = status.wireName();
        if (phoneNumber != null) {
            e.phoneNumber = phoneNumber;
        }
        e.disconnectReason = status == SessionStatus.DISCONNECTED ? reason : null;
        e.updatedAt = now;
    }

    /** Marks a session as starting; the name is updated when given. */
    public void markStarting(SessionKey key, String name, long now) {
        SessionEntity e = entity(key);
        if (e == null) {
            return;
        }
        if (name != null) {
            e.name = name;
        }
        e.wantedOnline = true;
        e.status = SessionStatus.INITIALIZING.wireName();
        e.disconnectReason = null;
        e.updatedAt = now;
    }

    public void setWantedOnline(SessionKey key, boolean wantedOnline) {
        SessionEntity e = entity(key);
        if (e != null) {
            e.wantedOnline = wantedOnline;
        }
    }

    /**
     * Records what WhatsApp now allows the number to send.
     *
     * @return whether that changed what was stored (false also when the session is gone)
     */
    public boolean updateLimits(SessionKey key, SendingLimits limits) {
        SessionEntity e = entity(key);
        if (e == null) {
            return false;
        }
        String reachOut = limits.reachOut() == SendingLimits.ReachOut.OK
                ? null
                : limits.reachOut().wireName();
        String newChats = limits.newChats() == SendingLimits.NewChats.NONE
                ? null
                : limits.newChats().wireName();
        if (java.util.Objects.equals(e.reachOut, reachOut)
                && java.util.Objects.equals(e.reachOutUntil, limits.reachOutUntil())
                && java.util.Objects.equals(e.newChats, newChats)) {
            return false;
        }
        e.reachOut = reachOut;
        e.reachOutUntil = limits.reachOutUntil();
        e.newChats = newChats;
        return true;
    }

    public Optional<byte[]> credentials(SessionKey key) {
        return Optional.ofNullable(entity(key)).map(e -> e.credentials);
    }

    public void saveCredentials(SessionKey key, byte[] credentials) {
        SessionEntity e = entity(key);
        if (e != null) {
            e.credentials = credentials;
        }
    }

    /**
     * The session's proxy with its credentials opened, for its connection; empty without one.
     *
     * @throws IllegalStateException when the credentials do not open (a wrong {@code WAPI_MASTER_KEY})
     */
    public Optional<SessionProxy> proxy(SessionKey key) {
        SessionEntity e = entity(key);
        if (e == null || e.proxyAddress == null) {
            return Optional.empty();
        }
        String credentials = e.proxyCredentials == null ? null : secrets.open(e.proxyCredentials, proxyPlace(key));
        return Optional.of(SessionProxy.of(e.proxyAddress, credentials));
    }

    /** Sets the session's proxy ({@code null}: none); its credentials are sealed, bound to the session. */
    public void saveProxy(SessionKey key, SessionProxy proxy) {
        em.createQuery("update SessionEntity s set s.proxyAddress = :a, s.proxyCredentials = :c"
                        + " where s.tenantId = :t and s.sessionId = :s")
                .setParameter("a", proxy == null ? null : proxy.address())
                .setParameter(
                        "c",
                        proxy == null || proxy.credentials() == null
                                ? null
                                : secrets.seal(proxy.credentials(), proxyPlace(key)))
                .setParameter("t", key.tenantId())
                .setParameter("s", key.sessionId())
                .executeUpdate();
    }

    /** The associated data of sealed proxy credentials: a value copied to another session's row does not open. */
    private static String proxyPlace(SessionKey key) {
        return "session-proxy:" + key.tenantId() + "/" + key.sessionId();
    }

    public boolean delete(SessionKey key) {
        SessionEntity e = entity(key);
        if (e == null) {
            return false;
        }
        em.remove(e);
        return true;
    }

    private SessionEntity entity(SessionKey key) {
        return em.find(SessionEntity.class, new SessionEntity.Key(key.tenantId(), key.sessionId()));
    }

    private static Session toSession(SessionEntity e) {
        return new Session(
                e.tenantId,
                e.sessionId,
                e.name,
                SessionStatus.fromWire(e.status),
                e.phoneNumber,
                e.disconnectReason,
                e.credentials != null,
                e.wantedOnline,
                e.createdAt,
                new SendingLimits(
                        SendingLimits.ReachOut.fromWire(e.reachOut).orElse(SendingLimits.ReachOut.OK),
                        e.reachOutUntil,
                        SendingLimits.NewChats.fromWire(e.newChats).orElse(SendingLimits.NewChats.NONE)),
                e.proxyAddress == null ? null : displayedProxy(e));
    }

    /** The stored address with {@code ***@} where credentials are: read without opening them. */
    private static String displayedProxy(SessionEntity e) {
        SessionProxy address = SessionProxy.parse(e.proxyAddress);
        return new SessionProxy(
                        address.scheme(), address.host(), address.port(), e.proxyCredentials == null ? null : "")
                .display();
    }
}
