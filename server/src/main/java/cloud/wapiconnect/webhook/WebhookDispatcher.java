package cloud.wapiconnect.webhook;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.persistence.WebhookDeliveryRepository;
import cloud.wapiconnect.persistence.WebhookDeliveryRepository.Lane;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the webhook outbox. One loop finds lanes (endpoint, session) with work due, woken at once
 * when a transaction queues deliveries and every {@value #POLL_MS} ms otherwise (for retries and for
 * deliveries queued by other nodes). Each lane is worked by one virtual thread at a time, which
 * sends its deliveries one by one in event order and stops at the first failure, so a later event
 * of a session never overtakes an earlier one that is being retried.
 *
 * <p>Isolation: at most {@code WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT} lanes of one endpoint run at
 * once, every call has a timeout, and a circuit breaker per endpoint stops calling an endpoint that
 * keeps failing, so a slow or dead receiver only ever holds its own slots.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final long POLL_MS = 500;
    /** Every committed event wakes the loop; scans at most this often, so a burst of events costs one scan. */
    private static final long MIN_SCAN_GAP_MS = 5;
    private static final int BATCH = 50;
    private static final int MAX_LANES_PER_SCAN = 1000;

    private final LaneWork work;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookSender sender;
    private final Clock clock;
    private final WapiConfig.WebhookConfig config;
    private final IntervalFunction backoff;
    private final CircuitBreakerRegistry breakers;
    private final Duration breakerOpenFor;

    private final Set<Lane> active = ConcurrentHashMap.newKeySet();
    /** Endpoints with due lanes that found no free slot at the last scan: their busy lanes yield after a batch. */
    private final Set<String> crowded = ConcurrentHashMap.newKeySet();
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Wakes the loop when a retry falls due, so retries keep their backoff rather than the poll's rhythm. */
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-retry-timer").daemon().factory());
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread loop;

    @Inject
    public WebhookDispatcher(LaneWork work, WebhookDeliveryRepository deliveries, WapiConfig config, Clock clock) {
        this.work = work;
        this.deliveries = deliveries;
        this.clock = clock;
        this.config = config.webhooks();
        this.sender = new WebhookSender(this.config.timeout(), new AddressGuard(config.allowPrivateNetworks()), clock);
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(this.config.retryInitial().toMillis(), 2.0, 0.5,
                this.config.retryMaxInterval().toMillis());
        // Opens when half of the last 20 calls (10 at least) failed; then one call in a while probes.
        // The pause scales with the retry settings so that tests with short retries stay short.
        this.breakerOpenFor = Duration.ofMillis(Math.min(60_000, this.config.retryInitial().toMillis() * 4));
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(breakerOpenFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
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
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Webhook dispatch failed; trying again shortly", e);
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
        for (Lane lane : deliveries.dueLanes(clock.millis(), MAX_LANES_PER_SCAN)) {
            if (!running || !active.add(lane)) {
                continue;
            }
            Semaphore endpointSlots = slots.computeIfAbsent(lane.endpointId(), id -> new Semaphore(config.concurrencyPerEndpoint()));
            if (!endpointSlots.tryAcquire()) {
                active.remove(lane);
                crowdedNow.add(lane.endpointId());
                continue; // the endpoint is busy: a slot that frees up wakes this loop again
            }
            workers.execute(() -> {
                boolean progressed = false;
                try {
                    progressed = work(lane);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Webhook lane " + lane + " failed; its deliveries are retried after their hold", e);
                } finally {
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
    }

    /**
     * Works one lane until it is empty, not due, a delivery fails, or other lanes of its endpoint wait
     * for a slot; true when anything was sent.
     */
    private boolean work(Lane lane) {
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
            if (crowded.contains(lane.endpointId())) {
                return true; // other lanes of this endpoint wait for a slot: take turns, a batch each
            }
        }
        return progressed;
    }

    /** Sends a claimed batch in order; false when it stopped at a failure. */
    private boolean send(LaneWork.Batch batch, long leaseUntil) {
        WebhookEndpoint endpoint = batch.endpoint();
        CircuitBreaker breaker = breakers.circuitBreaker(endpoint.id());
        Map<Integer, List<Long>> delivered = new LinkedHashMap<>();
        List<LaneWork.Item> items = batch.items();
        for (int i = 0; i < items.size(); i++) {
            LaneWork.Item item = items.get(i);
            List<Long> unsent = ids(items.subList(i + 1, items.size()));
            if (item.event() == null) {
                work.finish(delivered, Optional.of(new LaneWork.Failure(item.delivery().id(), null,
                        "the event is no longer in the event log (retention)", null)), unsent);
                return false;
            }
            if (!breaker.tryAcquirePermission()) {
                work.finish(delivered, Optional.empty(), List.of());
                work.postpone(ids(items.subList(i, items.size())), clock.millis() + breakerOpenFor.toMillis(),
                        "circuit open: the endpoint failed too often; paused");
                retryTimer.schedule(this::wake, breakerOpenFor.toMillis(), TimeUnit.MILLISECONDS);
                return false;
            }
            if (leaseUntil - clock.millis() < config.timeout().toMillis() + 1000) {
                leaseUntil = clock.millis() + leaseMillis();
                work.extend(ids(items.subList(i, items.size())), leaseUntil);
            }
            long start = System.nanoTime();
            WebhookSender.Outcome outcome = sender.send(endpoint, item.event());
            long took = System.nanoTime() - start;
            if (outcome.delivered()) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
                delivered.computeIfAbsent(outcome.httpStatus(), s -> new ArrayList<>()).add(item.delivery().id());
                continue;
            }
            breaker.onError(took, TimeUnit.NANOSECONDS, new WebhookCallFailed(outcome.error()));
            if (outcome.gone()) {
                work.gone(endpoint, item.delivery().id(), delivered);
                LOG.info(() -> "Webhook " + endpoint.id() + " answered 410 Gone: disabled until saved again");
                return false;
            }
            fail(item, outcome.httpStatus(), outcome.error(), delivered, unsent);
            return false;
        }
        work.finish(delivered, Optional.empty(), List.of());
        return true;
    }

    private void fail(LaneWork.Item item, Integer httpStatus, String error, Map<Integer, List<Long>> delivered, List<Long> unsent) {
        long now = clock.millis();
        long retryAt = now + backoff.apply(item.delivery().attempts() + 1);
        boolean giveUp = retryAt > item.delivery().createdAt() + config.retryWindow().toMillis();
        work.finish(delivered, Optional.of(new LaneWork.Failure(item.delivery().id(), httpStatus,
                giveUp ? error + " (gave up after " + (item.delivery().attempts() + 1) + " attempts)" : error,
                giveUp ? null : retryAt)), unsent);
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
