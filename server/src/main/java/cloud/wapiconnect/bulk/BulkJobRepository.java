package cloud.wapiconnect.bulk;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** Bulk jobs (JPA) and their recipients (plain SQL: up to 100,000 rows per job, written in JDBC batches). */
@ApplicationScoped
@Transactional
class BulkJobRepository {
    /** Rows per transaction when a job's recipients are stored, skipped or deleted. */
    public static final int BATCH = 1000;

    private static final int MEDIA_PART = 1024 * 1024;
    private static final List<String> QUEUED = List.of("pending", "running");
    /**
     * A job whose recipients are still being stored, in transactions of {@link #BATCH} rows: invisible to
     * its owner and to the workers until {@link #queue} makes it {@code pending}; counted in its tenant's
     * bounds. Not one of the API's four statuses, and never shown.
     */
    public static final String LOADING = "loading";

    private final EntityManager em;

    @Inject
    BulkJobRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A recipient to store. */
    public record NewRecipient(int index, String jid, String phone, String name) {}

    /** A recipient claimed for sending. */
    public record Claim(String jobId, int index, String jid, String phone, String name, String messageId) {}

    /** A tenant's jobs in flight (loading, pending or running) and their recipients not yet settled. */
    public record TenantLoad(int jobs, long recipients) {}

    /** A recipient that was being sent when the server stopped. */
    public record InFlight(String jobId, int index, String messageId, SessionKey session) {}

    /** Inserts a job {@link #LOADING}: {@link #queue} makes it {@code pending} once its recipients are stored. */
    public void insertJob(BulkJob job, long seq) {
        BulkJobEntity e = new BulkJobEntity();
        e.id = job.id();
        e.tenantId = job.tenantId();
        e.sessionId = job.sessionId();
        e.status = LOADING;
        BulkContent c = job.content();
        e.type = c.type();
        e.header = c.header();
        e.message = c.message() == null ? "" : c.message();
        e.footer = c.footer();
        e.mediaMime = c.mediaMime();
        e.fileName = c.fileName();
        e.voiceNote = c.voiceNote();
        e.typingMs = c.typingMs();
        if (!c.pollOptions().isEmpty()) {
            e.poll = Json.write(Map.of("options", c.pollOptions(), "selectableCount", c.selectableCount()));
        }
        e.delayMin = job.delayMin();
        e.delayMax = job.delayMax();
        e.total = job.total();
        e.duplicatesRemoved = job.duplicatesRemoved();
        e.createdAt = job.createdAt();
        e.seq = seq;
        e.skipNotOnWhatsApp = job.skipNotOnWhatsApp();
        em.persist(e);
        em.flush();
    }

    /** Stores a job's media bytes, once, in parts that stay under the database's packet limit. */
    public void insertMedia(String jobId, MediaBytes bytes) {
        for (int part = 0, offset = 0; offset < bytes.size(); part++, offset += MEDIA_PART) {
            em.createNativeQuery("INSERT INTO bulk_job_media (job_id, part, bytes) VALUES (?1, ?2, ?3)")
                    .setParameter(1, jobId)
                    .setParameter(2, part)
                    .setParameter(3, bytes.copyOfRange(offset, Math.min(bytes.size(), offset + MEDIA_PART)))
                    .executeUpdate();
        }
    }

    /**
     * A job's media, reassembled from its parts. Read through JDBC's {@code getBytes}: a native query hands
     * a BLOB column back as a {@code java.sql.Blob} on H2 and as {@code byte[]} on MariaDB.
     */
    public byte[] media(String jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT bytes FROM bulk_job_media WHERE job_id = ? ORDER BY part")) {
                select.setString(1, jobId);
                List<byte[]> parts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        parts.add(rows.getBytes(1));
                    }
                }
                // Media may be 100 MiB: one array of the exact size, no doubling buffer.
                byte[] media = new byte[parts.stream().mapToInt(p -> p.length).sum()];
                int offset = 0;
                for (byte[] part : parts) {
                    System.arraycopy(part, 0, media, offset, part.length);
                    offset += part.length;
                }
                return media;
            }
        });
    }

    /**
     * Stores a batch of recipients (at most {@link #BATCH}: the caller runs one transaction per batch, so no
     * transaction holds more than a batch of rows locked; one 100,000-row transaction held H2's locks for
     * seconds). A repeated JID is ignored (the first one wins). A list, not an iterator: a transaction that
     * timed out on a lock is run again and must find the same rows.
     */
    public void insertRecipients(String jobId, List<NewRecipient> recipients) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT IGNORE INTO bulk_recipients (job_id, idx, jid, phone, name, status) VALUES (?, ?, ?, ?, ?, 'pending')")) {
                for (NewRecipient r : recipients) {
                    insert.setString(1, jobId);
                    insert.setInt(2, r.index());
                    insert.setString(3, r.jid());
                    insert.setString(4, r.phone());
                    insert.setString(5, r.name());
                    insert.addBatch();
                }
                if (!recipients.isEmpty()) {
                    insert.executeBatch();
                }
            }
        });
    }

    /** Makes a {@link #LOADING} job {@code pending} with its totals. */
    public void queue(String jobId, int submitted) {
        int total = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM bulk_recipients WHERE job_id = ?1")
                        .setParameter(1, jobId)
                        .getSingleResult())
                .intValue();
        BulkJobEntity e = em.find(BulkJobEntity.class, jobId);
        e.total = total;
        e.duplicatesRemoved = submitted - total;
        e.status = "pending";
    }

    /** Jobs left {@link #LOADING} (their submission failed, or the server stopped during it). */
    public List<String> loadingJobs() {
        return em.createQuery("select j.id from BulkJobEntity j where j.status = :s", String.class)
                .setParameter("s", LOADING)
                .getResultList();
    }

    /** How many recipients a job was submitted with: its recipients' indexes are below this. */
    public int submitted(String jobId) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT total, duplicates_removed FROM bulk_jobs WHERE id = ?1")
                .setParameter(1, jobId)
                .getResultStream()
                .findFirst()
                .orElse(null);
        return row == null ? 0 : ((Number) row[0]).intValue() + ((Number) row[1]).intValue();
    }

    /** Deletes the recipients with indexes in [from, to) of a job (a primary key range). */
    public void deleteRecipients(String jobId, int from, int to) {
        em.createNativeQuery("DELETE FROM bulk_recipients WHERE job_id = ?1 AND idx >= ?2 AND idx < ?3")
                .setParameter(1, jobId)
                .setParameter(2, from)
                .setParameter(3, to)
                .executeUpdate();
    }

    /** Deletes a {@link #LOADING} job and its media (its recipients first, by {@link #deleteRecipients}). */
    public void deleteLoadingJob(String jobId) {
        em.createNativeQuery("DELETE FROM bulk_job_media WHERE job_id = ?1")
                .setParameter(1, jobId)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM bulk_jobs WHERE id = ?1 AND status = ?2")
                .setParameter(1, jobId)
                .setParameter(2, LOADING)
                .executeUpdate();
    }

    /** A tenant's jobs in flight and their recipients not yet settled, read from the jobs alone (no recipient rows). */
    public TenantLoad load(String tenantId) {
        Object[] row = (Object[])
                em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM(total - succeeded - failed - skipped), 0) "
                                + "FROM bulk_jobs WHERE tenant_id = ?1 AND status IN ('loading', 'pending', 'running')")
                        .setParameter(1, tenantId)
                        .getSingleResult();
        return new TenantLoad(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
    }

    /** A job its owner can see: not {@link #LOADING}. */
    public Optional<BulkJob> find(String jobId) {
        return Optional.ofNullable(em.find(BulkJobEntity.class, jobId))
                .filter(e -> !LOADING.equals(e.status))
                .map(BulkJobRepository::toJob);
    }

    public List<BulkJob> page(
            String tenantId, Optional<String> sessionId, Optional<BulkJobStatus> status, int offset, int limit) {
        return filtered(
                        tenantId,
                        sessionId,
                        status,
                        "select j from BulkJobEntity j",
                        " order by j.seq desc",
                        BulkJobEntity.class)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultStream()
                .map(BulkJobRepository::toJob)
                .toList();
    }

    public long count(String tenantId, Optional<String> sessionId, Optional<BulkJobStatus> status) {
        return filtered(tenantId, sessionId, status, "select count(j) from BulkJobEntity j", "", Long.class)
                .getSingleResult();
    }

    /** The job a session should work on now: the oldest one not finished. */
    public Optional<BulkJob> nextQueued(SessionKey session) {
        return em.createQuery(
                        "select j from BulkJobEntity j where j.tenantId = :t and j.sessionId = :s "
                                + "and j.status in :queued order by j.seq",
                        BulkJobEntity.class)
                .setParameter("t", session.tenantId())
                .setParameter("s", session.sessionId())
                .setParameter("queued", QUEUED)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(BulkJobRepository::toJob);
    }

    public List<SessionKey> sessionsWithQueuedJobs() {
        return em.createQuery(
                        "select distinct j.tenantId, j.sessionId from BulkJobEntity j where j.status in :queued",
                        Object[].class)
                .setParameter("queued", QUEUED)
                .getResultStream()
                .map(r -> new SessionKey((String) r[0], (String) r[1]))
                .toList();
    }

    public boolean markRunning(String jobId, long now) {
        return em.createQuery("update BulkJobEntity j set j.status = 'running', j.startedAt = :now "
                                + "where j.id = :id and j.status = 'pending'")
                        .setParameter("now", now)
                        .setParameter("id", jobId)
                        .executeUpdate()
                > 0;
    }

    public void setWaitingFor(String jobId, String waitingFor) {
        em.createQuery("update BulkJobEntity j set j.waitingFor = :w where j.id = :id")
                .setParameter("w", waitingFor)
                .setParameter("id", jobId)
                .executeUpdate();
    }

    /** Ends a job that has not ended yet; its pending recipients are left for {@link #skipPending}. */
    /**
     * Ends a job unless it already ended, then skips every recipient it still has pending and counts them, in the
     * caller's one transaction: for a job with few left ({@link #BATCH} at most), so that whoever sees it ended
     * sees its final counts.
     */
    public boolean finishSkippingPending(
            String jobId, BulkJobStatus status, String errorCode, String errorMessage, long now) {
        if (!finish(jobId, status, errorCode, errorMessage, now)) {
            return false;
        }
        int skipped = em.createNativeQuery(
                        "UPDATE bulk_recipients SET status = 'skipped' WHERE job_id = ?1 AND status = 'pending'")
                .setParameter(1, jobId)
                .executeUpdate();
        if (skipped > 0) {
            em.createNativeQuery("UPDATE bulk_jobs SET skipped = skipped + ?2 WHERE id = ?1")
                    .setParameter(1, jobId)
                    .setParameter(2, skipped)
                    .executeUpdate();
        }
        return true;
    }

    public boolean finish(String jobId, BulkJobStatus status, String errorCode, String errorMessage, long now) {
        return em.createQuery("update BulkJobEntity j set j.status = :s, j.errorCode = :c, j.errorMessage = :m, "
                                + "j.completedAt = :now, j.waitingFor = null "
                                + "where j.id = :id and j.status in :queued")
                        .setParameter("s", status.wireName())
                        .setParameter("c", errorCode)
                        .setParameter("m", errorMessage)
                        .setParameter("now", now)
                        .setParameter("id", jobId)
                        .setParameter("queued", QUEUED)
                        .executeUpdate()
                > 0;
    }

    /** The index of a job's first pending recipient, if any (read from the status index, stopping at the first). */
    public Optional<Integer> firstPending(String jobId) {
        return em.createNativeQuery(
                        "SELECT idx FROM bulk_recipients WHERE job_id = ?1 AND status = 'pending' ORDER BY idx")
                .setParameter(1, jobId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(idx -> ((Number) idx).intValue());
    }

    /**
     * Skips the pending recipients with indexes in [from, to) of an ended job and counts them on it. The
     * caller runs one transaction per range of {@link #BATCH}: cancelling 100,000 recipients in one
     * transaction took minutes of lock waits on H2 and held every row of the job. A primary key range, so
     * each batch costs the same however many pending rows are left (a {@code MIN(idx)} per batch walked them all).
     */
    public void skipPending(String jobId, int from, int to) {
        int skipped = em.createNativeQuery("UPDATE bulk_recipients SET status = 'skipped' "
                        + "WHERE job_id = ?1 AND idx >= ?2 AND idx < ?3 AND status = 'pending'")
                .setParameter(1, jobId)
                .setParameter(2, from)
                .setParameter(3, to)
                .executeUpdate();
        if (skipped > 0) {
            em.createNativeQuery("UPDATE bulk_jobs SET skipped = skipped + ?2 WHERE id = ?1")
                    .setParameter(1, jobId)
                    .setParameter(2, skipped)
                    .executeUpdate();
        }
    }

    /** Ended jobs with recipients neither settled nor skipped: the server stopped while it was skipping them. */
    public List<String> endedWithPending() {
        return em.createQuery(
                        "select j.id from BulkJobEntity j where j.status in ('completed', 'failed') "
                                + "and j.total > j.succeeded + j.failed + j.skipped",
                        String.class)
                .getResultList();
    }

    /** Claims the first pending recipient for sending under {@code messageId}. */
    public Optional<Claim> claimNext(String jobId, String messageId) {
        @SuppressWarnings("unchecked")
        Optional<Object[]> next = em.createNativeQuery("SELECT idx, jid, phone, name FROM bulk_recipients "
                        + "WHERE job_id = ?1 AND status = 'pending' ORDER BY idx")
                .setParameter(1, jobId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
        return next.map(r -> {
            int index = ((Number) r[0]).intValue();
            em.createNativeQuery("UPDATE bulk_recipients SET status = 'sending', message_id = ?3 "
                            + "WHERE job_id = ?1 AND idx = ?2 AND status = 'pending'")
                    .setParameter(1, jobId)
                    .setParameter(2, index)
                    .setParameter(3, messageId)
                    .executeUpdate();
            return new Claim(jobId, index, (String) r[1], (String) r[2], (String) r[3], messageId);
        });
    }

    /** Whether any recipient of the job still waits to be sent. */
    public boolean hasPending(String jobId) {
        return !em.createNativeQuery("SELECT 1 FROM bulk_recipients WHERE job_id = ?1 AND status = 'pending'")
                .setParameter(1, jobId)
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    /** Puts a claimed recipient back (its send never started). */
    public void release(String jobId, int index) {
        em.createNativeQuery("UPDATE bulk_recipients SET status = 'pending', message_id = NULL "
                        + "WHERE job_id = ?1 AND idx = ?2 AND status = 'sending'")
                .setParameter(1, jobId)
                .setParameter(2, index)
                .executeUpdate();
    }

    /**
     * Records a claimed recipient's outcome and counts it on the job.
     *
     * @param status {@code sent}, {@code failed} or {@code skipped}
     */
    public void settle(String jobId, int index, String status, String errorCode, Long sentAt) {
        int changed = em.createNativeQuery("UPDATE bulk_recipients SET status = ?3, error_code = ?4, sent_at = ?5 "
                        + "WHERE job_id = ?1 AND idx = ?2 AND status = 'sending'")
                .setParameter(1, jobId)
                .setParameter(2, index)
                .setParameter(3, status)
                .setParameter(4, errorCode)
                .setParameter(5, sentAt)
                .executeUpdate();
        if (changed == 0) {
            return;
        }
        String counter = switch (status) {
            case "sent" -> "succeeded";
            case "failed" -> "failed";
            default -> "skipped";
        };
        em.createNativeQuery("UPDATE bulk_jobs SET " + counter + " = " + counter + " + 1 WHERE id = ?1")
                .setParameter(1, jobId)
                .executeUpdate();
    }

    public List<InFlight> inFlight() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT r.job_id, r.idx, r.message_id, j.tenant_id, j.session_id "
                        + "FROM bulk_recipients r JOIN bulk_jobs j ON j.id = r.job_id WHERE r.status = 'sending'")
                .getResultList();
        return rows.stream()
                .map(r -> new InFlight(
                        (String) r[0], ((Number) r[1]).intValue(), (String) r[2], new SessionKey((String) r[3], (String)
                                r[4])))
                .toList();
    }

    /** Recipients in list order; {@code pending} includes the one being sent right now. */
    public List<BulkRecipient> recipients(String jobId, Optional<String> status, int offset, int limit) {
        Query query = recipientQuery(
                "SELECT idx, phone, name, status, message_id, error_code, sent_at", jobId, status, " ORDER BY idx");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setFirstResult(offset).setMaxResults(limit).getResultList();
        return rows.stream()
                .map(r -> new BulkRecipient(
                        ((Number) r[0]).intValue(),
                        (String) r[1],
                        (String) r[2],
                        "sending".equals(r[3]) ? "pending" : (String) r[3],
                        (String) r[4],
                        (String) r[5],
                        r[6] == null ? null : ((Number) r[6]).longValue()))
                .toList();
    }

    public long countRecipients(String jobId, Optional<String> status) {
        return ((Number) recipientQuery("SELECT COUNT(*)", jobId, status, "").getSingleResult()).longValue();
    }

    private Query recipientQuery(String select, String jobId, Optional<String> status, String order) {
        String where = status.map(
                        s -> "pending".equals(s) ? " AND status IN ('pending', 'sending')" : " AND status = ?2")
                .orElse("");
        Query query = em.createNativeQuery(select + " FROM bulk_recipients WHERE job_id = ?1" + where + order)
                .setParameter(1, jobId);
        status.filter(s -> !"pending".equals(s)).ifPresent(s -> query.setParameter(2, s));
        return query;
    }

    private <T> TypedQuery<T> filtered(
            String tenantId,
            Optional<String> sessionId,
            Optional<BulkJobStatus> status,
            String select,
            String order,
            Class<T> type) {
        StringBuilder jpql =
                new StringBuilder(select).append(" where j.tenantId = :t and j.status <> '" + LOADING + "'");
        sessionId.ifPresent(s -> jpql.append(" and j.sessionId = :s"));
        status.ifPresent(s -> jpql.append(" and j.status = :st"));
        TypedQuery<T> query =
                em.createQuery(jpql.append(order).toString(), type).setParameter("t", tenantId);
        sessionId.ifPresent(s -> query.setParameter("s", s));
        status.ifPresent(s -> query.setParameter("st", s.wireName()));
        return query;
    }

    private static BulkJob toJob(BulkJobEntity e) {
        List<String> options = List.of();
        int selectable = 0;
        if (e.poll != null) {
            Map<String, Object> poll = Json.readObject(e.poll);
            options = ((List<?>) poll.get("options"))
                    .stream().map(String::valueOf).toList();
            selectable = ((Number) poll.get("selectableCount")).intValue();
        }
        BulkContent content = new BulkContent(
                e.type,
                e.header,
                e.message,
                e.footer,
                e.mediaMime,
                e.fileName,
                Boolean.TRUE.equals(e.voiceNote),
                options,
                selectable,
                e.typingMs);
        return new BulkJob(
                e.id,
                e.tenantId,
                e.sessionId,
                BulkJobStatus.fromWire(e.status),
                content,
                e.delayMin,
                e.delayMax,
                e.total,
                e.duplicatesRemoved,
                e.succeeded,
                e.failed,
                e.skipped,
                e.waitingFor,
                e.errorCode,
                e.errorMessage,
                e.createdAt,
                e.startedAt,
                e.completedAt,
                e.skipNotOnWhatsApp);
    }
}
