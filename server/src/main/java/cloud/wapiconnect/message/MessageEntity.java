package cloud.wapiconnect.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "messages")
class MessageEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(name = "message_id", nullable = false)
    public String messageId;

    @Column(nullable = false)
    public String direction;

    @Column(nullable = false)
    public String type;

    @Column(name = "to_addr")
    public String to;

    @Column(name = "from_addr")
    public String from;

    public String body;

    @Column(nullable = false)
    public String status;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "media_mime")
    public String mediaMime;

    @Column(name = "media_size")
    public Long mediaSize;

    @Column(name = "file_name")
    public String fileName;

    public String participant;
    public String details;

    @Column(name = "edited_at")
    public Long editedAt;

    @Column(name = "revoked_at")
    public Long revokedAt;

    @Column(name = "peer_lid")
    public String peerLid;

    @Column(name = "created_at", nullable = false)
    public long createdAt;

    @Column(name = "updated_at", nullable = false)
    public long updatedAt;
}
