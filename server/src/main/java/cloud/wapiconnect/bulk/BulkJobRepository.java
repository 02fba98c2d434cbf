package cloud.wapiconnect.bulk;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk jobs (JPA, with plain SQL for counters); their recipients are {@link BulkRecipientRepository}'s, their
 * media {@link BulkMediaRepository}'s.
 */
@ApplicationScoped
@Transactional
class BulkJobRepository {
    private static final List<String> QUEUED = List.of("pending", "running");
    /**
     * A job whose recipients are still being stored, in transactions of {@link BulkRecipientRepository#BATCH} rows: invisible to
     * its owner and to the workers until {@link #queue} makes it {@code pending}; counted in its tenant's
     * bounds. Not one of the API's four statuses, and never shown.
     */
    public static final String LOADING = "loading";

    private final EntityManager em;

    @Inject
    BulkJobRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A tenant's jobs in flight (loading, pending or running) and their recipients not yet settled. */
    public record TenantLoad(int jobs, long recipients) {}

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

    /**
     * Makes a {@link #LOADING} job {@code pending} with its totals.
     *
     * @param total its recipients as stored (repeated JIDs once)
     */
    public void queue(String jobId, int total, int submitted) {
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

    /** Deletes a {@link #LOADING} job (its recipients and media first). */
    public void deleteLoadingJob(String jobId) {
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

    /** Recipients of every tenant's queued and running jobs not settled yet (the status index, no recipient rows). */
    public long recipientsPending() {
        return ((Number) em.createNativeQuery("SELECT COALESCE(SUM(total - succeeded - failed - skipped), 0) "
                                + "FROM bulk_jobs WHERE status IN ('pending', 'running')")
                        .getSingleResult())
                .longValue();
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

    /** Ends a job that has not ended yet. */
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

    /** Ended jobs with recipients neither settled nor skipped: the server stopped while it was skipping them. */
    public List<String> endedWithPending() {
        return em.createQuery(
                        "select j.id from BulkJobEntity j where j.status in ('completed', 'failed') "
                                + "and j.total > j.succeeded + j.failed + j.skipped",
                        String.class)
                .getResultList();
    }

    /** Counts skipped recipients on their job. */
    public void addSkipped(String jobId, int skipped) {
        em.createNativeQuery("UPDATE bulk_jobs SET skipped = skipped + ?2 WHERE id = ?1")
                .setParameter(1, jobId)
                .setParameter(2, skipped)
                .executeUpdate();
    }

    /**
     * Counts a settled recipient on its job.
     *
     * @param status {@code sent}, {@code failed} or {@code skipped}
     */
    public void countSettled(String jobId, String status) {
        String counter = switch (status) {
            case "sent" -> "succeeded";
            case "failed" -> "failed";
            default -> "skipped";
        };
        em.createNativeQuery("UPDATE bulk_jobs SET " + counter + " = " + counter + " + 1 WHERE id = ?1")
                .setParameter(1, jobId)
                .executeUpdate();
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
