package cloud.wapiconnect.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

@Entity
@Table(name = "sessions")
@IdClass(SessionEntity.Key.class)
class SessionEntity {
    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "session_id")
    public String sessionId;

    public String name;

    @Column(nullable = false)
    public String status;

    @Column(name = "phone_number")
    public String phoneNumber;

    @Column(name = "disconnect_reason")
    public String disconnectReason;

    public byte[] credentials;

    @Column(name = "wanted_online", nullable = false)
    public boolean wantedOnline;

    @Column(name = "created_at", nullable = false)
    public long createdAt;

    @Column(name = "updated_at", nullable = false)
    public long updatedAt;

    /** The reach-out timelock's wire name; null: {@code ok}. */
    @Column(name = "reach_out")
    public String reachOut;

    @Column(name = "reach_out_until")
    public Long reachOutUntil;

    /** The new-chat capping state's wire name; null: {@code none}. */
    @Column(name = "new_chats")
    public String newChats;

    /**
     * The session's proxy without credentials ({@code socks5://host:port}); null: no proxy. Read-only here and written
     * by one UPDATE ({@link SessionRepository#saveProxy}): status writes, which flush every column of the row they
     * read, would otherwise put back a proxy that a concurrent change replaced.
     */
    @Column(name = "proxy_address", insertable = false, updatable = false)
    public String proxyAddress;

    /** The proxy's credentials, sealed with the master key ({@code crypto.SecretsAtRest}); null: none. */
    @Column(name = "proxy_credentials", insertable = false, updatable = false)
    public String proxyCredentials;

    /** Composite id; a plain class because Hibernate 6.3 cannot bind records as id classes. */
    public static class Key implements Serializable {
        public String tenantId;
        public String sessionId;

        public Key() {}

        public Key(String tenantId, String sessionId) {
            this.tenantId = tenantId;
            this.sessionId = sessionId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(sessionId, k.sessionId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, sessionId);
        }
    }
}
