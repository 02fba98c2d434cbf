package cloud.wapiconnect.webhook;

import cloud.wapiconnect.config.StepRetryConfig;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.resilience.Resilience;
import cloud.wapiconnect.webhook.WebhookDeliveryRepository.Claimed;
import cloud.wapiconnect.webhook.WebhookDeliveryRepository.DueLane;
import cloud.wapiconnect.webhook.WebhookDeliveryRepository.Lane;
import cloud.wapiconnect.worker.StepFailures;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Delivers the webhook outbox. One loop finds lanes (endpoint, session) with work due, woken at once
 * when a transaction queues deliveries and every {@value #POLL_MS} ms otherwise (for retries and for
 * deliveries queued by other nodes). Each lane is worked by one virtual thread at a time, which
 * sends its deliveries one by one in event order and stops at the first failure, so a later event
 * of a session never overtakes an earlier one that is being retried.
 *
 * <p>Isolation: at most {@code WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT} lanes of one endpoint run at
 * once, every call has a timeout, a circuit breaker per endpoint stops calling an endpoint that
 * keeps failing, and the connections to one receiver host:port are shared out per tenant and endpoint
 * ({@link HostSlots}), so a slow or dead receiver only ever holds its own slots, also when other
 * tenants' receivers live on the same host:port.
 *
 * <p>An attempt is counted before its call is made (committed, outside any transaction spanning the call),
 * so the delivery log tells the truth after a crash: a call that may have reached the receiver counts.
 * A suspended tenant's deliveries are held: not sent, no attempt counted, the retry window not used up.
 *
 * <p>Failures of the server's own steps (the database, building a payload) never spin either: the scan
 * backs off, a failing lane is held back and its front delivery counts a failed attempt ("server error",
 * retried and given up like a receiver's failure), and the log gets a line when failures start and
 * when they stop, never a stack trace per attempt ({@link StepFailures}).
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final long POLL_MS = 500;
    /** Every committed event wakes the loop; scans at most this often, so a burst of events costs one scan. */
    private static final long MIN_SCAN_GAP_MS = 5;

    private static final int BATCH = 50;
    private static final int MAX_LANES_PER_SCAN = 1000;
    /** The loop and the lanes retry their own failing steps at most this far apart: deliveries wait on it. */
    private static final Duration MAX_STEP_PAUSE = Duration.ofSeconds(5);

    private final LaneWork work;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookSender sender;
    private final Clock clock;
    private final WapiConfig.WebhookConfig config;
    private final IntervalFunction backoff;
    private final Resilience resilience;
    private final Duration breakerOpenFor;
    private final WapiMetrics metrics;
    /** The loop's scan for due lanes; used by the loop thread only. */
    private final StepFailures scanFailures;
    /** The lanes' own steps (claim, record); shared by the lane workers, so used under its lock. */
    private final StepFailures laneFailures;

    private final IntervalFunction stepBackoff;
    /** Lanes whose last run failed on the server's side, and until when they wait (in case not even that was recorded). */
    private final Map<Lane, LaneHold> held = new ConcurrentHashMap<>();

    private final Set<Lane> active = ConcurrentHashMap.newKeySet();
    /** Endpoints with due lanes that found no free slot at the last scan: their busy lanes yield after a batch. */
    private final Set<String> crowded = ConcurrentHashMap.newKeySet();

    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final HostSlots hostSlots = new HostSlots();
    /** Receiver hosts with due lanes that found no free slot at the last scan: their busy lanes yield after a batch. */
    private final Set<String> crowdedHosts = ConcurrentHashMap.newKeySet();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Wakes the loop when a retry falls due, so retries keep their backoff rather than the poll's rhythm. */
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-retry-timer").daemon().factory());

    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;

    private record LaneHold(int failures, long until) {}

    @Inject
    public WebhookDispatcher(
            LaneWork work,
            WebhookDeliveryRepository deliveries,
            WapiConfig config,
            StepRetryConfig stepRetry,
            Resilience resilience,
            Clock clock,
            WapiMetrics metrics) {
        this.work = work;
        this.metrics = metrics;
        this.deliveries = deliveries;
        this.clock = clock;
        this.config = config.webhooks();
        this.sender = new WebhookSender(this.config.timeout(), new AddressGuard(config.allowPrivateNetworks()), clock);
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(
                this.config.retryInitial().toMillis(),
                2.0,
                0.5,
                this.config.retryMaxInterval().toMillis());
        // Policy "webhook": by default the breaker opens when half of the last 20 calls (10 at least)
        // failed; then one call in a while probes.
        this.resilience = resilience;
        this.breakerOpenFor = resilience.webhookBreakerOpenFor();
        this.scanFailures = new StepFailures("Finding due webhook deliveries", LOG, stepRetry, MAX_STEP_PAUSE);
        this.laneFailures = new StepFailures("Webhook delivery (a server-side step)", LOG, stepRetry, MAX_STEP_PAUSE);
        long maxPause = Math.max(
                stepRetry.initial().toMillis(), Math.min(stepRetry.max().toMillis(), MAX_STEP_PAUSE.toMillis()));
        this.stepBackoff =
                IntervalFunction.ofExponentialRandomBackoff(stepRetry.initial().toMillis(), 2.0, 0.2, maxPause);
    }

    /** The outbox's pending deliveries, all tenants and nodes (for metrics: one indexed read). */
    public WebhookBacklog backlog() {
        return deliveries.backlog();
    }

    /** Starts delivering (after migrations, at start-up). */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        loop = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::run);
    }

    /** Something was queued or finished: look for due lanes now rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                awaitSignal();
                Thread.sleep(MIN_SCAN_GAP_MS);
                dispatchDueLanes();
                scanFailures.succeeded();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Slept here, not in awaitSignal: every commit wakes that, and would make this a hot loop.
                long pause = scanFailures.failed(e);
                if (scanFailures.exhausted()) {
                    scanFailures.report("trying again every " + MAX_STEP_PAUSE.toSeconds() + " s until it works", e);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }
    }

    private void awaitSignal() throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(POLL_MS);
            }
            woken = false;
        }
    }

    private void dispatchDueLanes() {
        Set<String> crowdedNow = new HashSet<>();
        Set<String> crowdedHostsNow = new HashSet<>();
        long now = clock.millis();
        for (DueLane due : deliveries.dueLanes(now, MAX_LANES_PER_SCAN)) {
            Lane lane = due.lane();
            LaneHold hold = held.get(lane);
            if (!running || (hold != null && hold.until() > now) || !active.add(lane)) {
                continue;
            }
            Semaphore endpointSlots =
                    slots.computeIfAbsent(lane.endpointId(), id -> new Semaphore(config.concurrencyPerEndpoint()));
            if (!endpointSlots.tryAcquire()) {
                active.remove(lane);
                crowdedNow.add(lane.endpointId());
                continue; // the endpoint is busy: a slot that frees up wakes this loop again
            }
            HostSlots.Slot hostSlot = hostSlots.tryAcquire(due.url(), due.tenantId(), lane.endpointId());
            if (hostSlot == null) {
                endpointSlots.release();
                active.remove(lane);
                crowdedHostsNow.add(HostSlots.key(due.url()));
                continue; // this tenant's share of the receiver's host is in use: likewise
            }
            String hostKey = hostSlot.host();
            workers.execute(() -> {
                boolean progressed = false;
                try {
                    progressed = work(lane, hostKey);
                    if (held.remove(lane) != null || progressed) {
                        synchronized (laneFailures) {
                            laneFailures.succeeded();
                        }
                    }
                } catch (RuntimeException e) {
                    laneFailed(lane, e);
                } finally {
                    hostSlots.release(hostSlot);
                    endpointSlots.release();
                    active.remove(lane);
                    if (progressed) {
                        wake();
                    }
                }
            });
        }
        crowded.retainAll(crowdedNow);
        crowded.addAll(crowdedNow);
        crowdedHosts.retainAll(crowdedHostsNow);
        crowdedHosts.addAll(crowdedHostsNow);
    }

    /**
     * Works one lane until it is empty, not due, a delivery fails, or other lanes of its endpoint wait
     * for a slot; true when anything was sent.
     */
    private boolean work(Lane lane, String hostKey) {
        boolean progressed = false;
        while (running) {
            long leaseUntil = clock.millis() + leaseMillis();
            Optional<LaneWork.Batch> claimed = work.claim(lane, BATCH, leaseUntil);
            if (claimed.isEmpty()) {
                return progressed;
            }
            if (!send(claimed.get(), leaseUntil)) {
                return true;
            }
            progressed = true;
            if (crowded.contains(lane.endpointId()) || crowdedHosts.contains(hostKey)) {
                return true; // other lanes of this endpoint or host wait for a slot: take turns, a batch each
            }
        }
        return progressed;
    }

    /**
     * A step of the lane failed on the server's side, not at the receiver: the lane waits (longer each time
     * in a row), and its front delivery counts a failed attempt, so that it is retried with the usual
     * backoff and given up after the retry window like any other, with the cause in its {@code lastError}.
     */
    private void laneFailed(Lane lane, RuntimeException e) {
        LaneHold hold = held.compute(lane, (l, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            return new LaneHold(failures, clock.millis() + stepBackoff.apply(Math.min(failures, 64)));
        });
        synchronized (laneFailures) {
            laneFailures.failed(e);
            if (laneFailures.exhausted()) {
                laneFailures.report("their deliveries are retried with backoff and given up after the retry window", e);
            }
        }
        try {
            work.front(lane)
                    .ifPresentOrElse(
                            front -> fail(
                                    front,
                                    null,
                                    "server error (not the receiver's): " + StepFailures.describe(e),
                                    true,
                                    Map.of(),
                                    List.of()),
                            () -> held.remove(lane));
        } catch (RuntimeException again) {
            // The database refuses even that: the hold alone keeps the lane back until it is due again.
            retryTimer.schedule(this::wake, Math.max(1, hold.until() - clock.millis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends a claimed batch in order; false when it stopped at a failure. */
    private boolean send(LaneWork.Batch batch, long leaseUntil) {
        WebhookEndpoint endpoint = batch.endpoint();
        CircuitBreaker breaker = resilience.webhookBreaker(endpoint.id());
        Map<Integer, List<Long>> delivered = new LinkedHashMap<>();
        List<LaneWork.Item> items = batch.items();
        for (int i = 0; i < items.size(); i++) {
            LaneWork.Item item = items.get(i);
            List<Long> unsent = ids(items.subList(i + 1, items.size()));
            if (item.event() == null) {
                metrics.webhookDelivery(WapiMetrics.WebhookOutcome.EXPIRED);
                work.finish(
                        delivered,
                        Optional.of(new LaneWork.Failure(
                                item.delivery().id(),
                                null,
                                "the event is no longer in the event log (retention)",
                                null,
                                true)),
                        unsent);
                return false;
            }
            if (!breaker.tryAcquirePermission()) {
                work.finish(delivered, Optional.empty(), List.of());
                work.postpone(
                        ids(items.subList(i, items.size())),
                        clock.millis() + breakerOpenFor.toMillis(),
                        "circuit open: the endpoint failed too often; paused");
                retryTimer.schedule(this::wake, breakerOpenFor.toMillis(), TimeUnit.MILLISECONDS);
                return false;
            }
            if (leaseUntil - clock.millis() < config.timeout().toMillis() + 1000) {
                leaseUntil = clock.millis() + leaseMillis();
                work.extend(ids(items.subList(i, items.size())), leaseUntil);
            }
            // Counted (and what went through so far recorded) before the call, in a transaction of its own.
            work.attemptStarted(item.delivery().id(), delivered);
            delivered.clear();
            long start = System.nanoTime();
            WebhookSender.Outcome outcome;
            try {
                outcome = sender.send(endpoint, item.event());
            } catch (RuntimeException e) {
                breaker.releasePermission();
                if (!running) {
                    // stop() aborted the call (its client refuses it now): an attempt, retried after the next start.
                    fail(item.delivery(), null, "the server stopped during the call", false, delivered, unsent);
                    return false;
                }
                // Building or signing the payload failed: the server's fault, not the endpoint's.
                synchronized (laneFailures) {
                    laneFailures.failed(e);
                }
                fail(
                        item.delivery(),
                        null,
                        "server error (not the receiver's): " + StepFailures.describe(e),
                        false,
                        delivered,
                        unsent);
                return false;
            }
            long took = System.nanoTime() - start;
            if (outcome.delivered()) {
                metrics.webhookDelivery(WapiMetrics.WebhookOutcome.DELIVERED);
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                delivered
                        .computeIfAbsent(outcome.httpStatus(), s -> new ArrayList<>())
                        .add(item.delivery().id());
                continue;
            }
            breaker.onError(took, TimeUnit.NANOSECONDS, new WebhookCallFailed(outcome.error()));
            if (outcome.gone()) {
                metrics.webhookDelivery(WapiMetrics.WebhookOutcome.GONE);
                work.gone(endpoint, item.delivery().id(), delivered);
                LOG.info(() -> "Webhook " + endpoint.id() + " answered 410 Gone: disabled until saved again");
                return false;
            }
            fail(item.delivery(), outcome.httpStatus(), outcome.error(), false, delivered, unsent);
            return false;
        }
        work.finish(delivered, Optional.empty(), List.of());
        return true;
    }

    /**
     * Records a failed attempt (the claim's attempts + 1): retried with backoff, or given up after the retry window
     * (longer by the time the tenant was suspended). {@code countAttempt}: false for a call, counted as it started.
     */
    private void fail(
            Claimed delivery,
            Integer httpStatus,
            String error,
            boolean countAttempt,
            Map<Integer, List<Long>> delivered,
            List<Long> unsent) {
        long now = clock.millis();
        long retryAt = now + backoff.apply(delivery.attempts() + 1);
        boolean giveUp = retryAt
                > delivery.createdAt()
                        + delivery.heldMs()
                        + config.retryWindow().toMillis();
        work.finish(
                delivered,
                Optional.of(new LaneWork.Failure(
                        delivery.id(),
                        httpStatus,
                        giveUp ? error + " (gave up after " + (delivery.attempts() + 1) + " attempts)" : error,
                        giveUp ? null : retryAt,
                        countAttempt)),
                unsent);
        metrics.webhookDelivery(giveUp ? WapiMetrics.WebhookOutcome.GAVE_UP : WapiMetrics.WebhookOutcome.RETRYING);
        if (!giveUp) {
            retryTimer.schedule(this::wake, retryAt - now, TimeUnit.MILLISECONDS);
        }
    }

    /** Long enough for a call to time out, short enough that a crashed worker's deliveries soon go out again. */
    private long leaseMillis() {
        return config.timeout().toMillis() * 2 + 5_000;
    }

    private static List<Long> ids(List<LaneWork.Item> items) {
        return items.stream().map(i -> i.delivery().id()).toList();
    }

    /** How a failed call is recorded by the circuit breaker. */
    private static final class WebhookCallFailed extends RuntimeException {
        WebhookCallFailed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Stops delivering when the server stops, before the connection pool closes: calls in flight are aborted
     * (each is recorded as a failed attempt and retried after the next start; a delivery whose worker did
     * not get to record it is retried when its lease ends), the loop and the workers end, waiting at most
     * {@code grace}. Nothing is interrupted: an interrupt also breaks a database call in flight.
     */
    public void stop(Duration grace) {
        running = false;
        wake();
        sender.abort();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            // In this order: the loop hands no lane to a closed pool, a worker schedules no retry on a closed timer.
            Thread l = loop;
            if (l != null) {
                l.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            workers.shutdown();
            workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retryTimer.shutdownNow();
        sender.close();
    }

    @PreDestroy
    void close() {
        running = false;
        if (loop != null) {
            loop.interrupt();
        }
        workers.shutdownNow();
        retryTimer.shutdownNow();
        sender.close();
    }
}
