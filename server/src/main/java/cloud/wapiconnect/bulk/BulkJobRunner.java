package cloud.wapiconnect.bulk;

import cloud.wapiconnect.cluster.ClusterNode;
import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.WhatsAppEngine;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessageService;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.message.SendOptions;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.SessionKey;
import cloud.wapiconnect.worker.StepFailures;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Works through bulk jobs: one virtual thread per session with queued jobs, sending that session's
 * jobs one at a time in FIFO order, one recipient at a time with a random pause in between. Sessions
 * work in parallel, each tenant's at most at its plan's pace ({@link BulkPace}). All state is in the database, so a restarted server picks up where it stopped.
 *
 * <p>Nothing here spins. A step that fails on the server's side (the database, a bug: anything but the
 * error codes a send answers with) is tried again after a pause that doubles each time
 * ({@link StepRetryConfig}); after too many failures in a row the job fails with {@code INTERNAL_ERROR}
 * and one log line; a lock wait that timed out is contention, retried with the same back-off for as long as
 * it lasts, never the end of a job or of its worker. A job completes as soon as its last recipient is settled,
 * not one pause later. Before each recipient the worker reads its tenant from the database: a suspended
 * tenant's job waits ({@code waitingFor: tenant}) and sends nothing until the tenant is reinstated; a session
 * WhatsApp time-locked waits too ({@code waitingFor: whatsapp_limit}) until the lock ends or WhatsApp lifts it,
 * rather than sending into refusals.
 */
@ApplicationScoped
class BulkJobRunner {
    private static final Logger LOG = Logger.getLogger(BulkJobRunner.class.getName());
    private static final long SESSION_POLL_MS = 250;
    private static final long SLEEP_SLICE_MS = 100;
    private static final long REFUSED_PAUSE_MS = 1000;
    private static final Set<MessageStatus> REACHED_WHATSAPP =
            EnumSet.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ);

    private final BulkJobStore store;
    private final MessageService messages;
    private final MessageLog messageLog;
    private final SessionService sessions;
    private final TenantService tenants;
    private final ContactService contacts;
    private final WhatsAppEngine engine;
    private final StepRetryConfig retry;
    private final BulkPace pace;
    private final ClusterNode node;
    private final WapiMetrics metrics;
    private final ConcurrentMap<SessionKey, Thread> workers = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @Inject
    BulkJobRunner(
            BulkJobStore store,
            MessageService messages,
            MessageLog messageLog,
            SessionService sessions,
            TenantService tenants,
            ContactService contacts,
            WhatsAppEngine engine,
            StepRetryConfig retry,
            BulkPace pace,
            ClusterNode node,
            WapiMetrics metrics) {
        this.node = node;
        this.metrics = metrics;
        this.store = store;
        this.messages = messages;
        this.messageLog = messageLog;
        this.sessions = sessions;
        this.tenants = tenants;
        this.contacts = contacts;
        this.engine = engine;
        this.retry = retry;
        this.pace = pace;
    }

    /**
     * Makes sure the session's queue is being worked on, if this node runs the session (holds its lease);
     * the node that does starts it when it gains the lease.
     */
    void wake(SessionKey session) {
        if (stopping || !ownedHere(session)) {
            return;
        }
        Thread[] created = new Thread[1];
        workers.computeIfAbsent(
                session,
                key -> created[0] = Thread.ofVirtual().name("bulk-" + key).unstarted(() -> work(key)));
        if (created[0] != null) {
            created[0].start();
        }
    }

    private boolean ownedHere(SessionKey session) {
        return node.heldHere(session).isPresent();
    }

    /** Whether a worker of the session's queue runs on this node. */
    boolean working(SessionKey session) {
        return workers.containsKey(session);
    }

    /** Stops sending for a job at the next pause (the job is already cancelled in the database). */
    void cancelled(String jobId) {
        cancelled.add(jobId);
    }

    /**
     * Stops every worker at its next step — a send under way completes, a pause ends — and waits for them
     * at most {@code grace}, before the connection pool closes; jobs stay running in the database and
     * resume at the next start. Only a worker still busy after that is interrupted: an interrupt also
     * breaks a database call in flight ("Closed by interrupt").
     */
    void stop(Duration grace) {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread worker : List.copyOf(workers.values())) {
            try {
                if (!worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Settles a recipient whose send may or may not have reached WhatsApp (the server stopped, or a step
     * failed, after it was handed to the engine): sent if the message log or the engine proves it,
     * otherwise failed with {@code INTERRUPTED}. Never sent twice.
     */
    void settleInterrupted(SessionKey session, BulkRecipientRepository.Claim claim) {
        boolean sent = messageLog
                        .find(session, claim.messageId())
                        .map(m -> REACHED_WHATSAPP.contains(m.status()))
                        .orElse(false)
                || engine.confirmsSent(session, claim.messageId());
        messageLog.settleInterrupted(session, claim.messageId(), sent);
        if (sent) {
            sent(claim);
        } else {
            failed(claim, ErrorCode.INTERRUPTED);
        }
    }

    // A recipient settled (committed), then counted.

    private void sent(BulkRecipientRepository.Claim claim) {
        store.sent(claim);
        metrics.bulkRecipient(WapiMetrics.BulkOutcome.SENT);
    }

    private void failed(BulkRecipientRepository.Claim claim, ErrorCode reason) {
        store.failed(claim, reason);
        metrics.bulkRecipient(WapiMetrics.BulkOutcome.FAILED);
    }

    private void skipped(BulkRecipientRepository.Claim claim, ErrorCode reason) {
        store.skipped(claim, reason);
        metrics.bulkRecipient(WapiMetrics.BulkOutcome.SKIPPED);
    }

    @PreDestroy
    void stop() {
        stopping = true;
        workers.values().forEach(Thread::interrupt);
    }

    private void work(SessionKey session) {
        // Failures here are the queue's own (reading it) or a failed job that could not even be recorded:
        // nothing to give up, so they are tried again at the longest pause until they work.
        StepFailures queue = new StepFailures("Bulk queue of " + session, LOG, retry);
        String lastJob = null;
        try {
            // A node that no longer holds the session's lease stops; the node that took it over resumes the queue.
            while (!stopping && ownedHere(session)) {
                try {
                    Optional<BulkJob> job = store.nextQueued(session);
                    if (job.isEmpty()) {
                        break;
                    }
                    if (job.get().id().equals(lastJob)) {
                        // Its run returned without ending it: a bug, and running it again at once would spin.
                        lastJob = null;
                        throw new IllegalStateException(
                                "bulk job " + job.get().id() + " is still queued after its run");
                    }
                    lastJob = job.get().id();
                    run(job.get());
                    queue.succeeded();
                } catch (RuntimeException e) {
                    lastJob = null; // the job may rightly come back: its failure could not be recorded
                    long pause = queue.failed(e);
                    if (queue.exhausted()) {
                        queue.report("trying again every " + retry.max().toSeconds() + " s until it works", e);
                    }
                    Thread.sleep(pause);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.remove(session, Thread.currentThread());
        }
        // A job queued while this worker was finishing would otherwise wait for the next restart.
        if (!stopping && ownedHere(session) && hasQueued(session)) {
            wake(session);
        }
    }

    private boolean hasQueued(SessionKey session) {
        try {
            return store.nextQueued(session).isPresent();
        } catch (RuntimeException e) {
            return true; // a new worker finds out, and backs off if the database still fails
        }
    }

    /** What one run of a job keeps between attempts. */
    private static final class JobRun {
        final BulkJob job;
        final StepFailures failures;
        /** Read once per run of the job, not once per recipient; null until read. */
        Optional<Media> media;

        boolean first = true;
        /** The recipient claimed and not yet settled, if any; {@code handedOver} once the send was called. */
        BulkRecipientRepository.Claim claim;

        boolean handedOver;

        /** Set when WhatsApp's timelock refused a send the session's limits did not yet show: a pause first. */
        boolean refusedByWhatsApp;

        JobRun(BulkJob job, StepFailures failures) {
            this.job = job;
            this.failures = failures;
        }

        SessionKey session() {
            return new SessionKey(job.tenantId(), job.sessionId());
        }
    }

    /** Runs a job to its end: a failed step is tried again after a pause, and fails the job after too many. */
    private void run(BulkJob job) throws InterruptedException {
        JobRun run = new JobRun(job, new StepFailures("Bulk job " + job.id(), LOG, retry));
        while (!stopping) {
            try {
                attempt(run);
                return;
            } catch (RuntimeException e) {
                long pause = run.failures.failed(e);
                // A lock wait that timed out is contention (a cancel, another job's batch), not a broken
                // step: the job waits its turn with back-off however long it lasts, and never fails for it.
                if (run.failures.exhausted() && !Transactions.isDeadlockOrLockTimeout(e)) {
                    giveUp(run, e);
                    return;
                }
                if (!sleepUnlessCancelled(job.id(), pause)) {
                    return;
                }
            }
        }
    }

    /** Fails a job whose steps kept failing; throws (and is tried again later) if even that fails. */
    private void giveUp(JobRun run, RuntimeException cause) {
        settleClaim(run);
        String message = "A step of the job failed " + run.failures.failures() + " times in a row; the last time: "
                + StepFailures.describe(cause);
        if (store.finish(run.job.id(), BulkJobStatus.FAILED, ErrorCode.INTERNAL_ERROR, message)) {
            run.failures.report("the job ends failed with INTERNAL_ERROR", cause);
        }
    }

    /** A recipient left claimed by a failed step: back to pending if it never reached the engine. */
    private void settleClaim(JobRun run) {
        if (run.claim == null) {
            return;
        }
        if (run.handedOver) {
            settleInterrupted(run.session(), run.claim);
        } else {
            store.release(run.claim);
        }
        run.claim = null;
    }

    private void attempt(JobRun run) throws InterruptedException {
        BulkJob job = run.job;
        settleClaim(run);
        store.markRunning(job.id());
        if (run.media == null) {
            run.media = media(job);
        }
        while (true) {
            if (isCancelled(job.id())) {
                return;
            }
            // Checked before any pause: a job whose last recipient is settled completes now.
            if (!store.hasPending(job.id())) {
                store.finish(job.id(), BulkJobStatus.COMPLETED, null, null);
                return;
            }
            if (!run.first) {
                // A send WhatsApp refused for its timelock is not tried again at once, even with no delay: the
                // engine reports the lock (and the next check waits for it) within this pause.
                long pause = run.refusedByWhatsApp ? Math.max(delay(job), REFUSED_PAUSE_MS) : delay(job);
                run.refusedByWhatsApp = false;
                if (!sleepUnlessCancelled(job.id(), pause)) {
                    return;
                }
            }
            // After the pause, right before the claim: a tenant suspended during the pause sends nothing more.
            Optional<Tenant> tenant = awaitSendable(job);
            if (tenant.isEmpty()) {
                return;
            }
            long slot = pace.reserve(job.tenantId(), tenants.plan(tenant.get()));
            if (slot > 0) {
                // The tenant's other sessions have the slots before this one: wait, then look at the tenant again.
                if (!sleepUnlessCancelled(job.id(), slot)) {
                    return;
                }
                tenant = awaitSendable(job);
                if (tenant.isEmpty()) {
                    return;
                }
            }
            Optional<BulkRecipientRepository.Claim> claim = store.claimNext(job.id(), MessageIds.next());
            if (claim.isEmpty()) {
                store.finish(job.id(), BulkJobStatus.COMPLETED, null, null);
                return;
            }
            run.first = false;
            run.claim = claim.get();
            run.handedOver = false;
            if (!send(run, tenant.get(), claim.get())) {
                return;
            }
            run.failures.succeeded();
        }
    }

    private Optional<Media> media(BulkJob job) {
        if (job.content().mediaMime() == null) {
            return Optional.empty();
        }
        byte[] bytes = store.media(job.id());
        if (bytes.length == 0) {
            throw new IllegalStateException("the job's stored media is missing");
        }
        return job.content().media(bytes);
    }

    /**
     * Sends to one claimed recipient and settles it; a step failing otherwise than with an error code
     * throws, leaving the claim in {@code run} for the next attempt to settle.
     *
     * @return whether the job goes on
     */
    private boolean send(JobRun run, Tenant tenant, BulkRecipientRepository.Claim claim) {
        BulkJob job = run.job;
        String phone = claim.phone();
        OutgoingContent content;
        try {
            content = job.content()
                    .personalised(phone, claim.name(), claim.variables())
                    .content(run.media);
        } catch (WapiException e) {
            failed(claim, e.code());
            run.claim = null;
            return true;
        }
        if (job.skipNotOnWhatsApp()) {
            Boolean onWhatsApp;
            try {
                onWhatsApp = contacts.onWhatsApp(tenant, job.sessionId(), claim.jid());
            } catch (WapiException e) {
                if (e.code() == ErrorCode.SESSION_NOT_READY || e.code() == ErrorCode.SESSION_NOT_FOUND) {
                    store.release(claim);
                    run.claim = null;
                    return true;
                }
                onWhatsApp = null; // the check failed: the send itself will tell
            }
            // Skipped recipients are paced like sends: the check is a request to WhatsApp too.
            if (Boolean.FALSE.equals(onWhatsApp)) {
                skipped(claim, ErrorCode.RECIPIENT_NOT_ON_WHATSAPP);
                run.claim = null;
                return true;
            }
        }
        run.handedOver = true;
        boolean goesOn;
        try {
            messages.sendPrepared(
                    tenant,
                    job.sessionId(),
                    new Recipient(claim.jid(), phone),
                    job.content().messageType(),
                    content,
                    new SendOptions(null, List.of(), job.content().typingMs()),
                    claim.messageId());
            sent(claim);
            goesOn = true;
        } catch (WapiException e) {
            goesOn = switch (e.code()) {
                case SENT_LIMIT_EXCEEDED -> {
                    skipped(claim, e.code());
                    store.finish(job.id(), BulkJobStatus.FAILED, e.code(), e.getMessage());
                    yield false;
                }
                case SESSION_NOT_READY, SESSION_NOT_FOUND -> {
                    // The session went away between the check and the send: nothing was sent, try again.
                    store.release(claim);
                    yield true;
                }
                case WHATSAPP_RATE_LIMITED -> {
                    // Nothing was sent: the recipient goes back to the queue, and the job waits for the lock to end.
                    store.release(claim);
                    run.refusedByWhatsApp = true;
                    yield true;
                }
                case SESSION_MOVING -> {
                    // This node lost the session's lease: nothing was sent; the new owner resumes the job.
                    store.release(claim);
                    yield false;
                }
                default -> {
                    failed(claim, e.code());
                    yield true;
                }
            };
        }
        run.claim = null;
        return goesOn;
    }

    /**
     * Waits until the job may send: its tenant is not suspended ({@code waitingFor: tenant}; read from the
     * database before every recipient, so a suspension stops the job at its next send and a reinstatement
     * resumes it within a poll), its session is ready ({@code waitingFor: session}) and not under WhatsApp's
     * reach-out timelock ({@code waitingFor: whatsapp_limit}: until the lock's end, or until the engine reports it
     * lifted). Empty when the job
     * ended instead: cancelled, its tenant deleted, its session logged out or deleted.
     */
    private Optional<Tenant> awaitSendable(BulkJob job) throws InterruptedException {
        String waitingFor = null;
        while (true) {
            Optional<Tenant> tenant = tenants.find(job.tenantId());
            if (tenant.isEmpty()) {
                store.finish(job.id(), BulkJobStatus.FAILED, ErrorCode.TENANT_NOT_FOUND, "The tenant no longer exists");
                return Optional.empty();
            }
            String waitFor = null;
            if (!ownedHere(new SessionKey(job.tenantId(), job.sessionId()))) {
                return Optional.empty(); // another node runs the session now, and its queue
            }
            if (tenant.get().suspended()) {
                waitFor = "tenant";
            } else {
                switch (sessions.availability(tenant.get(), job.sessionId())) {
                    case READY -> {
                        if (waitingFor != null) {
                            store.waitingFor(job.id(), null);
                        }
                        return tenant;
                    }
                    case GONE -> {
                        store.finish(
                                job.id(), BulkJobStatus.FAILED, ErrorCode.SESSION_NOT_FOUND, "The session was deleted");
                        return Optional.empty();
                    }
                    case LOGGED_OUT -> {
                        store.finish(
                                job.id(),
                                BulkJobStatus.FAILED,
                                ErrorCode.SESSION_LOGGED_OUT,
                                "The session was logged out; link it again and start a new job");
                        return Optional.empty();
                    }
                    case WAITING -> waitFor = "session";
                    case WHATSAPP_LIMIT -> waitFor = "whatsapp_limit";
                }
            }
            if (!waitFor.equals(waitingFor)) {
                store.waitingFor(job.id(), waitFor);
                waitingFor = waitFor;
            }
            Thread.sleep(SESSION_POLL_MS);
            if (isCancelled(job.id())) {
                return Optional.empty();
            }
        }
    }

    private static long delay(BulkJob job) {
        return job.delayMin() == job.delayMax()
                ? job.delayMin()
                : ThreadLocalRandom.current().nextLong(job.delayMin(), job.delayMax() + 1L);
    }

    /** Sleeps in short slices so that a cancel is noticed at once; false when the job was cancelled meanwhile. */
    private boolean sleepUnlessCancelled(String jobId, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        long left;
        while ((left = until - System.nanoTime()) > 0 && !cancelled.contains(jobId) && !stopping) {
            Thread.sleep(Math.min(SLEEP_SLICE_MS, Math.max(1, left / 1_000_000)));
        }
        return !cancelled.remove(jobId) && !stopping;
    }

    private boolean isCancelled(String jobId) {
        if (stopping || cancelled.remove(jobId)) { // stopping: the job is left as it is, to resume at the next start
            return true;
        }
        return store.find(jobId).map(j -> j.status().finished()).orElse(true);
    }
}
