package cloud.wapiconnect.bulk;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.persistence.SharedEntityManager;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * A bulk job's recipients (plain SQL: up to 100,000 rows per job, written in JDBC batches). What a change
 * here counts on its job, {@link BulkJobStore} counts through {@link BulkJobRepository} in the same transaction.
 */
@ApplicationScoped
@Transactional
class BulkRecipientRepository {
    /** Rows per transaction when a job's recipients are stored, skipped or deleted. */
    public static final int BATCH = 1000;

    private final EntityManager em;

    @Inject
    BulkRecipientRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** A recipient to store. */
    public record NewRecipient(int index, String jid, String phone, String name, Map<String, String> variables) {}

    /** A recipient claimed for sending. */
    public record Claim(
            String jobId,
            int index,
            String jid,
            String phone,
            String name,
            Map<String, String> variables,
            String messageId) {}

    /** A recipient that was being sent when the server stopped. */
    public record InFlight(String jobId, int index, String messageId, SessionKey session) {}

    /**
     * Stores a batch of recipients (at most {@link #BATCH}: the caller runs one transaction per batch, so no
     * transaction holds more than a batch of rows locked; one 100,000-row transaction held H2's locks for
     * seconds). A repeated JID is ignored (the first one wins). A list, not an iterator: a transaction that
     * timed out on a lock is run again and must find the same rows.
     */
    public void insert(String jobId, List<NewRecipient> recipients) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT IGNORE INTO bulk_recipients (job_id, idx, jid, phone, name, variables, status) "
                            + "VALUES (?, ?, ?, ?, ?, ?, 'pending')")) {
                for (NewRecipient r : recipients) {
                    insert.setString(1, jobId);
                    insert.setInt(2, r.index());
                    insert.setString(3, r.jid());
                    insert.setString(4, r.phone());
                    insert.setString(5, r.name());
                    insert.setString(6, r.variables().isEmpty() ? null : Json.write(r.variables()));
                    insert.addBatch();
                }
                if (!recipients.isEmpty()) {
                    insert.executeBatch();
                }
            }
        });
    }

    /** How many recipients a job has stored (repeated JIDs count once). */
    public int count(String jobId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM bulk_recipients WHERE job_id = ?1")
                        .setParameter(1, jobId)
                        .getSingleResult())
                .intValue();
    }

    /** Deletes the recipients with indexes in [from, to) of a job (a primary key range). */
    public void delete(String jobId, int from, int to) {
        em.createNativeQuery("DELETE FROM bulk_recipients WHERE job_id = ?1 AND idx >= ?2 AND idx < ?3")
                .setParameter(1, jobId)
                .setParameter(2, from)
                .setParameter(3, to)
                .executeUpdate();
    }

    /**
     * Skips every recipient a job still has pending, in the caller's one transaction (for a job with few
     * left, {@link #BATCH} at most).
     *
     * @return how many were skipped
     */
    public int skipAllPending(String jobId) {
        return em.createNativeQuery(
                        "UPDATE bulk_recipients SET status = 'skipped' WHERE job_id = ?1 AND status = 'pending'")
                .setParameter(1, jobId)
                .executeUpdate();
    }

    /** The index of a job's first pending recipient, if any (read from the status index, stopping at the first). */
    public Optional<Integer> firstPending(String jobId) {
        return em.createNativeQuery("SELECT idx FROM bulk_recipients WHERE job_id = ?1 AND status = 'pending' "
                        + "ORDER BY job_id, status, idx") // the whole index: see claimNext
                .setParameter(1, jobId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(idx -> ((Number) idx).intValue());
    }

    /**
     * Skips the pending recipients with indexes in [from, to) of an ended job. The caller runs one
     * transaction per range of {@link #BATCH}: cancelling 100,000 recipients in one transaction took
     * minutes of lock waits on H2 and held every row of the job. A primary key range, so each batch costs
     * the same however many pending rows are left (a {@code MIN(idx)} per batch walked them all).
     *
     * @return how many were skipped
     */
    public int skipPending(String jobId, int from, int to) {
        return em.createNativeQuery("UPDATE bulk_recipients SET status = 'skipped' "
                        + "WHERE job_id = ?1 AND idx >= ?2 AND idx < ?3 AND status = 'pending'")
                .setParameter(1, jobId)
                .setParameter(2, from)
                .setParameter(3, to)
                .executeUpdate();
    }

    /** Claims the first pending recipient for sending under {@code messageId}. */
    public Optional<Claim> claimNext(String jobId, String messageId) {
        @SuppressWarnings("unchecked")
        // Ordered by the whole index (job_id, status, idx), not just idx: H2 then walks the index in order and
        // stops at the first row ("index sorted"); ordered by idx alone it read and sorted every pending
        // recipient of the job for each claim (a quarter of the CPU of a 100,000-recipient job on H2).
        Optional<Object[]> next = em.createNativeQuery("SELECT idx, jid, phone, name, variables FROM bulk_recipients "
                        + "WHERE job_id = ?1 AND status = 'pending' ORDER BY job_id, status, idx")
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
            return new Claim(jobId, index, (String) r[1], (String) r[2], (String) r[3], variables(r[4]), messageId);
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
     * Records a claimed recipient's outcome.
     *
     * @param status {@code sent}, {@code failed} or {@code skipped}
     * @return whether the recipient was still claimed (only then does its outcome count on the job)
     */
    public boolean settle(String jobId, int index, String status, String errorCode, Long sentAt) {
        int changed = em.createNativeQuery("UPDATE bulk_recipients SET status = ?3, error_code = ?4, sent_at = ?5 "
                        + "WHERE job_id = ?1 AND idx = ?2 AND status = 'sending'")
                .setParameter(1, jobId)
                .setParameter(2, index)
                .setParameter(3, status)
                .setParameter(4, errorCode)
                .setParameter(5, sentAt)
                .executeUpdate();
        return changed > 0;
    }

    /** The recipients of the session's jobs being sent. */
    public List<InFlight> inFlight(SessionKey session) {
        return inFlight().stream().filter(i -> i.session().equals(session)).toList();
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
    public List<BulkRecipient> page(String jobId, Optional<String> status, int offset, int limit) {
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

    /** Stored variables (JSON text; a CLOB on H2), or none. */
    private static Map<String, String> variables(Object stored) {
        String json;
        try {
            json = stored instanceof Clob clob ? clob.getSubString(1, (int) clob.length()) : (String) stored;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading a recipient's variables failed", e);
        }
        if (json == null) {
            return Map.of();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Json.readObject(json).forEach((key, value) -> variables.put(key, String.valueOf(value)));
        return variables;
    }

    public long count(String jobId, Optional<String> status) {
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
}
