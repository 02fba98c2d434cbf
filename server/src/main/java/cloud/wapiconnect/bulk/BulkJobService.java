package cloud.wapiconnect.bulk;

import cloud.wapiconnect.bulk.BulkRecipientRepository.NewRecipient;
import cloud.wapiconnect.cluster.ClusterNode;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.message.DraftOptions;
import cloud.wapiconnect.message.MessageDraft;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.message.TextDraft;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Plan;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/** Bulk broadcast jobs: accept, report, list, cancel, and resume after a restart. */
@ApplicationScoped
public class BulkJobService {
    private static final Logger LOG = Logger.getLogger(BulkJobService.class.getName());
    static final int DEFAULT_DELAY_MIN = 2000;
    static final int DEFAULT_DELAY_MAX = 5000;
    static final int MAX_DELAY = 600_000;
    private static final int OFFENDERS_SHOWN = 5;
    private static final int MAX_NAME = 200;
    static final int MAX_VARIABLES = 20;
    static final int MAX_VARIABLE_VALUE = 1000;

    private final BulkJobStore store;
    private final BulkJobRepository jobs;
    private final BulkRecipientRepository recipients;
    private final BulkJobRunner runner;
    private final SessionService sessions;
    private final MediaResolver resolver;
    private final Clock clock;
    private final int maxRecipients;
    private final TenantService tenants;
    private final ClusterNode node;
    private final ConcurrentMap<String, ReentrantLock> admissions = new ConcurrentHashMap<>();

    @Inject
    public BulkJobService(
            BulkJobStore store,
            BulkJobRepository jobs,
            BulkRecipientRepository recipients,
            BulkJobRunner runner,
            SessionService sessions,
            MediaResolver resolver,
            Clock clock,
            WapiConfig config,
            TenantService tenants,
            ClusterNode node) {
        this.node = node;
        this.tenants = tenants;
        this.store = store;
        this.jobs = jobs;
        this.recipients = recipients;
        this.runner = runner;
        this.sessions = sessions;
        this.resolver = resolver;
        this.clock = clock;
        this.maxRecipients = config.bulkMaxRecipients();
    }

    /**
     * Refuses a submission before its body is even read when the tenant's bounds leave no room for any job: a
     * tenant flooding submissions beyond its bounds costs one query each, not the parsing of its recipients.
     * Otherwise says how many recipients still fit, so that the body's reader keeps no more than that (a job
     * that cannot fit is then refused having been counted, not parsed).
     *
     * @return the recipients a job may have now, at least 1
     * @throws WapiException {@code BULK_LIMIT_REACHED}
     */
    public int admitAnother(Tenant tenant) {
        Plan plan = tenants.plan(tenant);
        BulkJobRepository.TenantLoad load = store.load(tenant.id());
        admit(plan, load, 1);
        return (int) Math.min(Integer.MAX_VALUE, plan.maxBulkRecipients() - load.recipients());
    }

    /**
     * Validates and queues a bulk job. Nothing is queued unless everything is valid.
     *
     * @throws WapiException {@code INVALID_REQUEST}, {@code INVALID_RECIPIENT} (with the first offenders),
     *                       {@code SESSION_NOT_FOUND}, {@code BULK_LIMIT_REACHED} (the plan's bounds on jobs in
     *                       flight and recipients queued), and the content codes of a single send (media, polls)
     */
    public BulkAccepted start(Tenant tenant, String sessionId, BulkRequest request) {
        if (request.message() == null) {
            throw WapiException.invalid("A bulk job needs a message");
        }
        MessageDraft draft = MessageDraft.of(request.message(), resolver);
        DraftOptions options = draft.options();
        if (!draft.type().bulk()
                || options.replyTo() != null
                || !options.mentions().isEmpty()
                || draft instanceof TextDraft text && !text.linkPreview()) {
            throw WapiException.invalid("a bulk job sends "
                    + String.join(", ", MessageType.wireNames(MessageType::bulk))
                    + " without replyTo, mentions or linkPreview");
        }
        int delayMin = request.delayMin() == null ? DEFAULT_DELAY_MIN : request.delayMin();
        int delayMax = request.delayMax() == null ? Math.max(DEFAULT_DELAY_MAX, delayMin) : request.delayMax();
        if (delayMin < 0 || delayMin > delayMax || delayMax > MAX_DELAY) {
            throw WapiException.invalid("delays must satisfy 0 <= delayMin <= delayMax <= " + MAX_DELAY + " (ms)");
        }
        List<RecipientInput> recipients = request.recipients();
        if (recipients == null || recipients.isEmpty() || recipients.size() > maxRecipients) {
            throw WapiException.invalid("recipients must list 1 to " + maxRecipients + " phone numbers");
        }
        // Refused before the work of validating and storing a job that could not be queued anyway.
        Plan plan = tenants.plan(tenant);
        admit(plan, store.load(tenant.id()), recipients.size());
        validate(recipients);
        sessions.require(tenant, sessionId);
        // Fetched or decoded once for the whole job, before the transaction that stores it.
        Optional<Media> media = draft.resolveMedia(resolver);

        long now = clock.millis();
        BulkJob job = new BulkJob(
                BulkJobIds.next(now),
                tenant.id(),
                sessionId,
                BulkJobStatus.PENDING,
                BulkContent.of(draft, media),
                delayMin,
                delayMax,
                recipients.size(),
                0,
                0,
                0,
                0,
                null,
                null,
                null,
                now,
                null,
                null,
                Boolean.TRUE.equals(request.skipNotOnWhatsApp()));
        // The bounds are checked and the job counted in them under one lock per tenant, so concurrent
        // submissions cannot both pass; the recipients are stored after it, a bounded batch per transaction.
        ReentrantLock admission = admissions.computeIfAbsent(tenant.id(), id -> new ReentrantLock());
        admission.lock();
        try {
            admit(plan, store.load(tenant.id()), recipients.size());
            store.open(job, media);
        } finally {
            admission.unlock();
        }
        BulkAccepted accepted;
        try {
            store.load(job.id(), normalised(recipients));
            accepted = store.queue(job.id(), recipients.size());
        } catch (RuntimeException e) {
            try {
                store.discard(job.id());
            } catch (RuntimeException discardFailure) {
                e.addSuppressed(discardFailure); // the next start discards it
            }
            throw e;
        }
        runner.wake(new SessionKey(tenant.id(), sessionId));
        return accepted;
    }

    /** @throws WapiException {@code BULK_LIMIT_REACHED} beyond the plan's jobs in flight or recipients queued */
    private static void admit(Plan plan, BulkJobRepository.TenantLoad load, int recipients) {
        if (load.jobs() >= plan.maxBulkJobs()) {
            throw new WapiException(
                    ErrorCode.BULK_LIMIT_REACHED,
                    "The plan allows " + plan.maxBulkJobs()
                            + " bulk jobs queued or running at a time; wait for one to end or cancel one",
                    Map.of("bound", "maxBulkJobs", "limit", plan.maxBulkJobs(), "used", load.jobs()));
        }
        if (load.recipients() + recipients > plan.maxBulkRecipients()) {
            throw new WapiException(
                    ErrorCode.BULK_LIMIT_REACHED,
                    "The plan allows " + plan.maxBulkRecipients()
                            + " bulk recipients queued or being sent at a time; " + load.recipients()
                            + " are, and this job has "
                            + recipients,
                    Map.of(
                            "bound",
                            "maxBulkRecipients",
                            "limit",
                            plan.maxBulkRecipients(),
                            "used",
                            load.recipients(),
                            "requested",
                            recipients));
        }
    }

    /** @throws WapiException {@code BULK_JOB_NOT_FOUND} */
    public BulkJob get(Tenant tenant, String jobId) {
        return store.find(jobId)
                .filter(j -> j.tenantId().equals(tenant.id()))
                .orElseThrow(
                        () -> new WapiException(ErrorCode.BULK_JOB_NOT_FOUND, "Bulk job '" + jobId + "' not found"));
    }

    /** Recipients of all queued and running jobs (every tenant, every node) not sent, failed or skipped yet. */
    public long recipientsPending() {
        return jobs.recipientsPending();
    }

    /**
     * A page ({@link PageSize#BULK_JOBS}) of a tenant's jobs, newest first; past the end, empty.
     *
     * @param status the filter ({@link BulkJobStatus#filter}), empty for every job
     */
    public Page<BulkJob> list(
            Tenant tenant, Optional<String> sessionId, Optional<BulkJobStatus> status, PageRequest paging) {
        long total = jobs.count(tenant.id(), sessionId, status);
        List<BulkJob> items = paging.pastEnd(total)
                ? List.of()
                : jobs.page(tenant.id(), sessionId, status, paging.firstResult(), paging.limit());
        return new Page<>(items, total, paging.page(), paging.limit());
    }

    /**
     * A page ({@link PageSize#BULK_RECIPIENTS}) of a job's recipients in list order; past the end, empty.
     *
     * @param status the filter ({@link BulkRecipientStatus#filter}), empty for every recipient
     * @throws WapiException {@code BULK_JOB_NOT_FOUND}
     */
    public Page<BulkRecipient> recipients(
            Tenant tenant, String jobId, Optional<BulkRecipientStatus> status, PageRequest paging) {
        BulkJob job = get(tenant, jobId);
        Optional<String> stored = status.map(BulkRecipientStatus::wireName);
        long total = recipients.count(job.id(), stored);
        List<BulkRecipient> items = paging.pastEnd(total)
                ? List.of()
                : recipients.page(job.id(), stored, paging.firstResult(), paging.limit());
        return new Page<>(items, total, paging.page(), paging.limit());
    }

    /**
     * Cancels a job: nothing more is sent and its pending recipients are skipped. The job ends
     * {@code failed} with the error code {@code CANCELLED}: the document's clients poll until
     * {@code completed} or {@code failed}, and know no other end.
     *
     * @throws WapiException {@code BULK_JOB_NOT_FOUND}, {@code BULK_JOB_FINISHED}
     */
    public BulkJob cancel(Tenant tenant, String jobId) {
        BulkJob job = get(tenant, jobId);
        if (!store.finish(job.id(), BulkJobStatus.FAILED, ErrorCode.CANCELLED, "The job was cancelled")) {
            BulkJob ended = get(tenant, jobId);
            throw new WapiException(
                    ErrorCode.BULK_JOB_FINISHED,
                    "Bulk job '" + jobId + "' already ended ("
                            + (ended.cancelled() ? "cancelled" : ended.status().wireName()) + ")");
        }
        runner.cancelled(job.id());
        return get(tenant, jobId);
    }

    /**
     * Stops sending when the server stops: each session's worker finishes the send it is in and stops,
     * waiting at most {@code grace} in all; unfinished jobs resume at the next start.
     */
    public void stop(Duration grace) {
        runner.stop(grace);
    }

    /**
     * After a restart: settles the recipients that were being sent when the server stopped (sent if the
     * message log or the engine proves it, otherwise failed with {@code INTERRUPTED}), then resumes every
     * queued job.
     */
    public void resumeAll() {
        // Submissions the server stopped in (their clients got no job id): only a node alone can tell them
        // from submissions another node is loading right now. Ends whose skips it stopped in.
        if (node.aloneInCluster()) {
            store.loadingJobs().forEach(store::discard);
        }
        store.endedWithPending().forEach(store::skipPending);
        // Each session's queue runs on the node holding its lease: these now, the others when gained.
        node.onStarted(key -> Thread.ofVirtual().name("bulk-resume-" + key).start(() -> {
            if (!runner.working(key)) { // a sender of this node is still at it: nothing was left behind
                resume(key);
            }
        }));
        // A job submitted through another node is picked up at this node's next lease tick.
        node.onTick(this::wakeQueuedHere);
        Set<SessionKey> held = node.heldKeys();
        held.forEach(this::resume);
        LOG.info(() -> "Bulk jobs: resumed the queues of the " + held.size() + " sessions this node runs");
    }

    private void wakeQueuedHere() {
        for (SessionKey key : jobs.sessionsWithQueuedJobs()) {
            if (!runner.working(key) && node.heldHere(key).isPresent()) {
                runner.wake(key);
            }
        }
    }

    /**
     * A session whose lease this node just gained: the recipients its previous owner was sending when it
     * stopped or died are settled as after a crash (sent if the message log or the engine proves it, else
     * failed with {@code INTERRUPTED}), then its queue resumes here.
     */
    private void resume(SessionKey key) {
        try {
            for (BulkRecipientRepository.InFlight inFlight : recipients.inFlight(key)) {
                runner.settleInterrupted(
                        inFlight.session(),
                        new BulkRecipientRepository.Claim(
                                inFlight.jobId(), inFlight.index(), null, null, null, Map.of(), inFlight.messageId()));
            }
            if (jobs.sessionsWithQueuedJobs().contains(key)) {
                runner.wake(key);
            }
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "Resuming the bulk queue of " + key + " failed", e);
        }
    }

    /** One pass over the list without keeping anything: the first offenders are reported with their index. */
    private static void validate(List<RecipientInput> recipients) {
        List<Map<String, Object>> offenders = new ArrayList<>();
        int invalid = 0;
        for (int i = 0; i < recipients.size(); i++) {
            RecipientInput r = recipients.get(i);
            String problem = null;
            try {
                Recipient.parse(r.phone());
                if (r.name() != null && r.name().length() > MAX_NAME) {
                    problem = "name is longer than " + MAX_NAME + " characters";
                } else {
                    problem = variablesProblem(r.variables());
                }
            } catch (WapiException e) {
                problem = e.getMessage();
            }
            if (problem != null && invalid++ < OFFENDERS_SHOWN) {
                Map<String, Object> offender = new LinkedHashMap<>();
                offender.put("index", i);
                offender.put("value", r.phone());
                offender.put("error", problem);
                offenders.add(offender);
            }
        }
        if (invalid > 0) {
            throw new WapiException(
                    ErrorCode.INVALID_RECIPIENT,
                    invalid + " of " + recipients.size() + " recipients are not valid phone numbers or JIDs",
                    Map.of("invalid", offenders));
        }
    }

    /** What is wrong with a recipient's variables, or null. */
    private static String variablesProblem(Map<String, String> variables) {
        if (variables.size() > MAX_VARIABLES) {
            return "more than " + MAX_VARIABLES + " variables";
        }
        for (Map.Entry<String, String> v : variables.entrySet()) {
            String key = v.getKey();
            if (key == null || !Personalisation.KEY.matcher(key).matches()) {
                return "variable name '" + key + "' is not 1 to 40 letters, digits or _ (not starting with a digit)";
            }
            if (key.equals("name") || key.equals("phone")) {
                return "'" + key + "' is the recipient's own field, not a variable";
            }
            if (v.getValue() == null) {
                return "variable '" + key + "' has no value";
            }
            if (v.getValue().length() > MAX_VARIABLE_VALUE) {
                return "variable '" + key + "' is longer than " + MAX_VARIABLE_VALUE + " characters";
            }
        }
        return null;
    }

    /**
     * A template as a recipient would get it: its placeholders filled exactly as the job's send fills them (the
     * phone as the job stores it when it is valid). For previews; nothing is stored or sent.
     */
    public String preview(String template, RecipientInput recipient) {
        String phone = recipient.phone();
        try {
            phone = Recipient.parse(phone).display();
        } catch (WapiException invalid) {
            // shown as written: the job itself refuses it
        }
        String name = recipient.name() == null || recipient.name().isBlank()
                ? null
                : recipient.name().strip();
        return Personalisation.fill(template, phone, name, recipient.variables());
    }

    /** The recipients as they are stored, produced one at a time while they are written. */
    private static Iterator<NewRecipient> normalised(List<RecipientInput> recipients) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < recipients.size();
            }

            @Override
            public NewRecipient next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RecipientInput input = recipients.get(next);
                Recipient recipient = Recipient.parse(input.phone());
                String name = input.name() == null || input.name().isBlank()
                        ? null
                        : input.name().strip();
                return new NewRecipient(next++, recipient.jid(), recipient.display(), name, input.variables());
            }
        };
    }
}
