package cloud.wapiconnect.bulk;

import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.persistence.BulkJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The stored side of bulk jobs, each step one transaction; every change of a job's status is an event. */
@ApplicationScoped
class BulkJobStore {
    /** A progress event every this many processed recipients (besides every status change). */
    static final int PROGRESS_EVERY = 100;

    private final BulkJobRepository jobs;
    private final EventLog events;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    @Inject
    BulkJobStore(BulkJobRepository jobs, EventLog events, Clock clock) {
        this.jobs = jobs;
        this.events = events;
        this.clock = clock;
    }

    /** Stores the job and all its recipients in one transaction: either the client gets a job id or nothing is queued. */
    @Transactional
    BulkAccepted create(BulkJob job, Optional<Media> media, int submitted,
                        Iterable<BulkJobRepository.NewRecipient> recipients) {
        // FIFO per session: creation time, then arrival order within this node.
        long seq = job.createdAt() * 1000 + Math.floorMod(sequence.getAndIncrement(), 1000);
        jobs.insertJob(job, seq);
        media.ifPresent(m -> jobs.insertMedia(job.id(), m.bytes()));
        int total = jobs.insertRecipients(job.id(), recipients);
        jobs.setTotals(job.id(), total, submitted - total);
        jobs.find(job.id()).ifPresent(this::event);
        return new BulkAccepted(job.id(), total, submitted - total);
    }

    @Transactional
    Optional<BulkJob> find(String jobId) {
        return jobs.find(jobId);
    }

    @Transactional
    byte[] media(String jobId) {
        return jobs.media(jobId);
    }

    @Transactional
    Optional<BulkJob> nextQueued(SessionKey session) {
        return jobs.nextQueued(session);
    }

    @Transactional
    void markRunning(String jobId) {
        if (jobs.markRunning(jobId, clock.millis())) {
            jobs.find(jobId).ifPresent(this::event);
        }
    }

    @Transactional
    void waitingFor(String jobId, String what) {
        jobs.setWaitingFor(jobId, what);
    }

    @Transactional
    Optional<BulkJobRepository.Claim> claimNext(String jobId, String messageId) {
        return jobs.claimNext(jobId, messageId);
    }

    @Transactional
    boolean hasPending(String jobId) {
        return jobs.hasPending(jobId);
    }

    @Transactional
    void release(BulkJobRepository.Claim claim) {
        jobs.release(claim.jobId(), claim.index());
    }

    @Transactional
    void sent(BulkJobRepository.Claim claim) {
        settle(claim, "sent", null, clock.millis());
    }

    @Transactional
    void failed(BulkJobRepository.Claim claim, ErrorCode reason) {
        settle(claim, "failed", reason.name(), null);
    }

    @Transactional
    void skipped(BulkJobRepository.Claim claim, ErrorCode reason) {
        settle(claim, "skipped", reason.name(), null);
    }

    /** Ends a job unless it already ended; its pending recipients are skipped. */
    @Transactional
    boolean finish(String jobId, BulkJobStatus status, ErrorCode code, String message) {
        if (!jobs.finish(jobId, status, code == null ? null : code.name(), message, clock.millis())) {
            return false;
        }
        jobs.find(jobId).ifPresent(this::event);
        return true;
    }

    private void settle(BulkJobRepository.Claim claim, String status, String errorCode, Long sentAt) {
        jobs.settle(claim.jobId(), claim.index(), status, errorCode, sentAt);
        jobs.find(claim.jobId()).filter(j -> j.processed() > 0 && j.processed() % PROGRESS_EVERY == 0)
                .ifPresent(this::event);
    }

    private void event(BulkJob job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", job.id());
        data.put("status", job.status().wireName());
        data.put("total", job.total());
        data.put("succeeded", job.succeeded());
        data.put("failed", job.failed());
        data.put("processed", job.processed());
        data.put("skipped", job.skipped());
        if (job.errorCode() != null) {
            data.put("errorCode", job.errorCode());
        }
        if (job.cancelled()) {
            data.put("cancelled", true);
        }
        events.append(new SessionKey(job.tenantId(), job.sessionId()), EventType.BULK_JOB, data);
    }
}
