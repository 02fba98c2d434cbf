package cloud.wapiconnect.bulk;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stored side of bulk jobs, each step one transaction over the jobs, their recipients and their media;
 * every change of a job's status is an event.
 */
@ApplicationScoped
class BulkJobStore {
    /** A progress event every this many processed recipients (besides every status change). */
    static final int PROGRESS_EVERY = 100;

    private final BulkJobRepository jobs;
    private final BulkRecipientRepository recipients;
    private final BulkMediaRepository media;
    private final EventLog events;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    /** This bean through its proxy: the steps of a batched operation are each a transaction of their own. */
    @Inject
    BulkJobStore self;

    @Inject
    BulkJobStore(
            BulkJobRepository jobs,
            BulkRecipientRepository recipients,
            BulkMediaRepository media,
            EventLog events,
            Clock clock) {
        this.jobs = jobs;
        this.recipients = recipients;
        this.media = media;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a job, loading: counted in its tenant's bounds, seen by nobody, until {@link #queue}. Either
     * the client gets a job id or nothing is queued: a job whose recipients could not all be stored is
     * {@link #discard discarded}, here or at the next start.
     */
    @Transactional
    void open(BulkJob job, Optional<Media> attachment) {
        // FIFO per session: creation time, then arrival order within this node.
        long seq = job.createdAt() * 1000 + Math.floorMod(sequence.getAndIncrement(), 1000);
        jobs.insertJob(job, seq);
        attachment.ifPresent(m -> media.insert(job.id(), m.bytes()));
    }

    /** Stores a loading job's recipients, {@link BulkRecipientRepository#BATCH} per transaction. */
    void load(String jobId, Iterator<BulkRecipientRepository.NewRecipient> recipients) {
        List<BulkRecipientRepository.NewRecipient> batch = new ArrayList<>(BulkRecipientRepository.BATCH);
        while (recipients.hasNext()) {
            batch.add(recipients.next());
            if (batch.size() == BulkRecipientRepository.BATCH || !recipients.hasNext()) {
                self().loadBatch(jobId, batch);
                batch.clear();
            }
        }
    }

    @Transactional
    void loadBatch(String jobId, List<BulkRecipientRepository.NewRecipient> batch) {
        recipients.insert(jobId, batch);
    }

    /** Queues a loaded job. */
    @Transactional
    BulkAccepted queue(String jobId, int submitted) {
        jobs.queue(jobId, recipients.count(jobId), submitted);
        BulkJob job = jobs.find(jobId).orElseThrow();
        event(job);
        return new BulkAccepted(jobId, job.total(), job.duplicatesRemoved());
    }

    /** Deletes a job that never got queued, a batch per transaction. */
    void discard(String jobId) {
        int end = self().submitted(jobId);
        for (int from = 0; from < end; from += BulkRecipientRepository.BATCH) {
            self().discardRange(jobId, from, from + BulkRecipientRepository.BATCH);
        }
        self().discardJob(jobId);
    }

    @Transactional
    int submitted(String jobId) {
        return jobs.submitted(jobId);
    }

    @Transactional
    void discardRange(String jobId, int from, int to) {
        recipients.delete(jobId, from, to);
    }

    @Transactional
    void discardJob(String jobId) {
        media.delete(jobId);
        jobs.deleteLoadingJob(jobId);
    }

    @Transactional
    List<String> loadingJobs() {
        return jobs.loadingJobs();
    }

    @Transactional
    BulkJobRepository.TenantLoad load(String tenantId) {
        return jobs.load(tenantId);
    }

    @Transactional
    Optional<BulkJob> find(String jobId) {
        return jobs.find(jobId);
    }

    @Transactional
    byte[] media(String jobId) {
        return media.read(jobId);
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
    Optional<BulkRecipientRepository.Claim> claimNext(String jobId, String messageId) {
        return recipients.claimNext(jobId, messageId);
    }

    @Transactional
    boolean hasPending(String jobId) {
        return recipients.hasPending(jobId);
    }

    @Transactional
    void release(BulkRecipientRepository.Claim claim) {
        recipients.release(claim.jobId(), claim.index());
    }

    @Transactional
    void sent(BulkRecipientRepository.Claim claim) {
        settle(claim, "sent", null, clock.millis());
    }

    @Transactional
    void failed(BulkRecipientRepository.Claim claim, ErrorCode reason) {
        settle(claim, "failed", reason.name(), null);
    }

    @Transactional
    void skipped(BulkRecipientRepository.Claim claim, ErrorCode reason) {
        settle(claim, "skipped", reason.name(), null);
    }

    /**
     * Ends a job unless it already ended; its pending recipients are skipped, a bounded batch per
     * transaction, before the event that announces the end (with the final counts). The status changes
     * first, in a transaction of its own, so the job's worker stops at once.
     */
    boolean finish(String jobId, BulkJobStatus status, ErrorCode code, String message) {
        Optional<Integer> first = self().firstPending(jobId);
        int end = self().submitted(jobId);
        if (first.isEmpty() || end - first.get() <= BulkRecipientRepository.BATCH) {
            // What is left fits one batch: one transaction, so whoever sees the job ended sees its final counts.
            return self().endAtOnce(jobId, status, code, message);
        }
        if (!self().end(jobId, status, code, message)) {
            return false;
        }
        skipPending(jobId);
        self().announce(jobId);
        return true;
    }

    @Transactional
    boolean endAtOnce(String jobId, BulkJobStatus status, ErrorCode code, String message) {
        // Ends it unless it already ended, then skips and counts what it still has pending.
        if (!jobs.finish(jobId, status, code == null ? null : code.name(), message, clock.millis())) {
            return false;
        }
        int skipped = recipients.skipAllPending(jobId);
        if (skipped > 0) {
            jobs.addSkipped(jobId, skipped);
        }
        jobs.find(jobId).ifPresent(this::event);
        return true;
    }

    /** Skips what an ended job still has pending, a batch of indexes per transaction. */
    void skipPending(String jobId) {
        Optional<Integer> first = self().firstPending(jobId);
        if (first.isEmpty()) {
            return;
        }
        int end = self().submitted(jobId);
        for (int from = first.get(); from < end; from += BulkRecipientRepository.BATCH) {
            self().skipRange(jobId, from, from + BulkRecipientRepository.BATCH);
        }
    }

    @Transactional
    boolean end(String jobId, BulkJobStatus status, ErrorCode code, String message) {
        return jobs.finish(jobId, status, code == null ? null : code.name(), message, clock.millis());
    }

    @Transactional
    Optional<Integer> firstPending(String jobId) {
        return recipients.firstPending(jobId);
    }

    @Transactional
    void skipRange(String jobId, int from, int to) {
        int skipped = recipients.skipPending(jobId, from, to);
        if (skipped > 0) {
            jobs.addSkipped(jobId, skipped);
        }
    }

    @Transactional
    void announce(String jobId) {
        jobs.find(jobId).ifPresent(this::event);
    }

    @Transactional
    List<String> endedWithPending() {
        return jobs.endedWithPending();
    }

    private void settle(BulkRecipientRepository.Claim claim, String status, String errorCode, Long sentAt) {
        if (recipients.settle(claim.jobId(), claim.index(), status, errorCode, sentAt)) {
            jobs.countSettled(claim.jobId(), status);
        }
        jobs.find(claim.jobId())
                .filter(j -> j.processed() > 0 && j.processed() % PROGRESS_EVERY == 0)
                .ifPresent(this::event);
    }

    private BulkJobStore self() {
        return self;
    }

    private void event(BulkJob job) {
        events.append(
                new SessionKey(job.tenantId(), job.sessionId()),
                new EventData.BulkJob(
                        job.id(),
                        job.status().wireName(),
                        job.total(),
                        job.succeeded(),
                        job.failed(),
                        job.processed(),
                        job.skipped(),
                        job.errorCode(),
                        job.cancelled()));
    }
}
