package cloud.wapiconnect.bulk;

import cloud.wapiconnect.contact.ContactService;
import cloud.wapiconnect.engine.MessageIds;
import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.message.MessageContents;
import cloud.wapiconnect.message.MessageService;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.message.SendOptions;
import cloud.wapiconnect.persistence.BulkJobRepository;
import cloud.wapiconnect.session.Availability;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works through bulk jobs: one virtual thread per session with queued jobs, sending that session's
 * jobs one at a time in FIFO order, one recipient at a time with a random pause in between. Sessions
 * work in parallel. All state is in the database, so a restarted server picks up where it stopped.
 */
@ApplicationScoped
class BulkJobRunner {
    private static final Logger LOG = Logger.getLogger(BulkJobRunner.class.getName());
    private static final long SESSION_POLL_MS = 250;
    private static final long SLEEP_SLICE_MS = 100;

    private final BulkJobStore store;
    private final MessageService messages;
    private final MessageContents contents;
    private final SessionService sessions;
    private final TenantService tenants;
    private final ContactService contacts;
    private final ConcurrentMap<SessionKey, Thread> workers = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    @Inject
    BulkJobRunner(BulkJobStore store, MessageService messages, MessageContents contents, SessionService sessions,
                  TenantService tenants, ContactService contacts) {
        this.store = store;
        this.messages = messages;
        this.contents = contents;
        this.sessions = sessions;
        this.tenants = tenants;
        this.contacts = contacts;
    }

    /** Makes sure the session's queue is being worked on. */
    void wake(SessionKey session) {
        if (stopping) {
            return;
        }
        Thread[] created = new Thread[1];
        workers.computeIfAbsent(session,
                key -> created[0] = Thread.ofVirtual().name("bulk-" + key).unstarted(() -> work(key)));
        if (created[0] != null) {
            created[0].start();
        }
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

    @PreDestroy
    void stop() {
        stopping = true;
        workers.values().forEach(Thread::interrupt);
    }

    private void work(SessionKey session) {
        try {
            Optional<BulkJob> job;
            while (!stopping && (job = store.nextQueued(session)).isPresent()) {
                run(job.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Bulk worker for " + session + " stopped", e);
        } finally {
            workers.remove(session, Thread.currentThread());
        }
        // A job queued while this worker was finishing would otherwise wait for the next restart.
        if (!stopping && store.nextQueued(session).isPresent()) {
            wake(session);
        }
    }

    private void run(BulkJob job) throws InterruptedException {
        store.markRunning(job.id());
        // Media is read once per run of the job, not once per recipient.
        Optional<Media> media = job.content().mediaMime() == null ? Optional.empty()
                : job.content().media(store.media(job.id()));
        boolean first = true;
        while (true) {
            if (isCancelled(job.id())) {
                return;
            }
            Optional<Tenant> tenant = tenants.find(job.tenantId());
            if (tenant.isEmpty()) {
                store.finish(job.id(), BulkJobStatus.FAILED, ErrorCode.TENANT_NOT_FOUND, "The tenant no longer exists");
                return;
            }
            if (!awaitSession(job, tenant.get())) {
                return;
            }
            if (!first) {
                pause(job);
                if (isCancelled(job.id())) {
                    return;
                }
            }
            Optional<BulkJobRepository.Claim> claim = store.claimNext(job.id(), MessageIds.next());
            if (claim.isEmpty()) {
                store.finish(job.id(), BulkJobStatus.COMPLETED, null, null);
                return;
            }
            first = false;
            if (!send(job, media, tenant.get(), claim.get())) {
                return;
            }
        }
    }

    /** @return whether the job goes on */
    private boolean send(BulkJob job, Optional<Media> media, Tenant tenant, BulkJobRepository.Claim claim) {
        String phone = claim.phone();
        OutgoingContent content;
        try {
            content = contents.content(job.content().personalised(phone, claim.name()), media);
        } catch (WapiException e) {
            store.failed(claim, e.code());
            return true;
        }
        if (job.skipNotOnWhatsApp()) {
            Boolean onWhatsApp;
            try {
                onWhatsApp = contacts.onWhatsApp(tenant, job.sessionId(), claim.jid());
            } catch (WapiException e) {
                if (e.code() == ErrorCode.SESSION_NOT_READY || e.code() == ErrorCode.SESSION_NOT_FOUND) {
                    store.release(claim);
                    return true;
                }
                onWhatsApp = null; // the check failed: the send itself will tell
            }
            // Skipped recipients are paced like sends: the check is a request to WhatsApp too.
            if (Boolean.FALSE.equals(onWhatsApp)) {
                store.skipped(claim, ErrorCode.RECIPIENT_NOT_ON_WHATSAPP);
                return true;
            }
        }
        try {
            messages.sendPrepared(tenant, job.sessionId(), new Recipient(claim.jid(), phone), job.type(), content,
                    new SendOptions(null, List.of(), job.content().typingMs()), claim.messageId());
            store.sent(claim);
            return true;
        } catch (WapiException e) {
            return switch (e.code()) {
                case SENT_LIMIT_EXCEEDED -> {
                    store.skipped(claim, e.code());
                    store.finish(job.id(), BulkJobStatus.FAILED, e.code(), e.getMessage());
                    yield false;
                }
                case SESSION_NOT_READY, SESSION_NOT_FOUND -> {
                    // The session went away between the check and the send: nothing was sent, try again.
                    store.release(claim);
                    yield true;
                }
                default -> {
                    store.failed(claim, e.code());
                    yield true;
                }
            };
        }
    }

    /** Waits until the session can send; false when the job ended instead (failed or cancelled). */
    private boolean awaitSession(BulkJob job, Tenant tenant) throws InterruptedException {
        boolean waiting = false;
        while (true) {
            Availability availability = sessions.availability(tenant, job.sessionId());
            switch (availability) {
                case READY -> {
                    if (waiting) {
                        store.waitingFor(job.id(), null);
                    }
                    return true;
                }
                case GONE -> {
                    store.finish(job.id(), BulkJobStatus.FAILED, ErrorCode.SESSION_NOT_FOUND, "The session was deleted");
                    return false;
                }
                case LOGGED_OUT -> {
                    store.finish(job.id(), BulkJobStatus.FAILED, ErrorCode.SESSION_LOGGED_OUT,
                            "The session was logged out; link it again and start a new job");
                    return false;
                }
                case WAITING -> {
                    if (!waiting) {
                        store.waitingFor(job.id(), "session");
                        waiting = true;
                    }
                    Thread.sleep(SESSION_POLL_MS);
                    if (isCancelled(job.id())) {
                        return false;
                    }
                }
            }
        }
    }

    private void pause(BulkJob job) throws InterruptedException {
        long delay = job.delayMin() == job.delayMax() ? job.delayMin()
                : ThreadLocalRandom.current().nextLong(job.delayMin(), job.delayMax() + 1L);
        long until = System.nanoTime() + delay * 1_000_000;
        long left;
        while ((left = until - System.nanoTime()) > 0 && !cancelled.contains(job.id()) && !stopping) {
            Thread.sleep(Math.min(SLEEP_SLICE_MS, Math.max(1, left / 1_000_000)));
        }
    }

    private boolean isCancelled(String jobId) {
        if (stopping || cancelled.remove(jobId)) { // stopping: the job is left as it is, to resume at the next start
            return true;
        }
        return store.find(jobId).map(j -> j.status().finished()).orElse(true);
    }
}
