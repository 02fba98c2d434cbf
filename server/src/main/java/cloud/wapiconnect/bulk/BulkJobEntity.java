package cloud.wapiconnect.bulk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "bulk_jobs")
class BulkJobEntity {
    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String type;

    public String header;

    @Column(nullable = false)
    public String message;

    public String footer;

    @Column(name = "delay_min", nullable = false)
    public int delayMin;

    @Column(name = "delay_max", nullable = false)
    public int delayMax;

    @Column(name = "skip_not_on_whatsapp", nullable = false)
    public boolean skipNotOnWhatsApp;

    @Column(nullable = false)
    public int total;

    @Column(name = "duplicates_removed", nullable = false)
    public int duplicatesRemoved;

    @Column(nullable = false)
    public int succeeded;

    @Column(nullable = false)
    public int failed;

    @Column(nullable = false)
    public int skipped;

    @Column(name = "waiting_for")
    public String waitingFor;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "created_at", nullable = false)
    public long createdAt;

    @Column(name = "started_at")
    public Long startedAt;

    @Column(name = "completed_at")
    public Long completedAt;

    @Column(nullable = false)
    public long seq;

    @Column(name = "media_mime")
    public String mediaMime;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "voice_note")
    public Boolean voiceNote;

    @Column(name = "typing_ms", nullable = false)
    public int typingMs;
    /** A poll's options and selectable count, as JSON. */
    public String poll;
}
