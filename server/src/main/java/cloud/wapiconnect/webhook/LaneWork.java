package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.webhook.WebhookDeliveryRepository.Claimed;
import cloud.wapiconnect.webhook.WebhookDeliveryRepository.Lane;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transactions of a delivery worker: claim the front of a lane, then record what came of it.
 * The calls to receivers happen between them, never inside one.
 */
@ApplicationScoped
class LaneWork {
    /** How long a suspended tenant's lane waits before it is looked at again: reinstated, its deliveries go out within this. */
    static final long SUSPENDED_HOLD_MS = 2_000;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEndpointRepository endpoints;
    private final EventLog events;
    private final Clock clock;

    @Inject
    LaneWork(WebhookDeliveryRepository deliveries, WebhookEndpointRepository endpoints, EventLog events, Clock clock) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.events = events;
        this.clock = clock;
    }

    /** A claimed delivery and its event (null when the event was purged from the log meanwhile). */
    record Item(Claimed delivery, Event event) {}

    /** What a worker claimed: the endpoint as it is now, and deliveries in event order. */
    record Batch(WebhookEndpoint endpoint, List<Item> items) {}

    /**
     * Claims up to {@code limit} due deliveries from the front of the lane, held until {@code leaseUntil}.
     * Empty when there is nothing to send; a deleted or disabled endpoint's deliveries are cancelled; a suspended
     * tenant's are held (not sent, no attempt counted, their retry window extended by the wait) for
     * {@value #SUSPENDED_HOLD_MS} ms, then looked at again.
     */
    @Transactional
    Optional<Batch> claim(Lane lane, int limit, long leaseUntil) {
        Optional<WebhookEndpoint> endpoint = endpoints.find(lane.endpointId());
        if (endpoint.isEmpty() || !endpoint.get().enabled()) {
            deliveries.cancelPending(lane.endpointId(), endpoint.isEmpty() ? "webhook deleted" : "webhook disabled");
            return Optional.empty();
        }
        long now = clock.millis();
        if (deliveries.tenantSuspended(endpoint.get().tenantId())) {
            deliveries.hold(lane, now, now + SUSPENDED_HOLD_MS, "held: the tenant is suspended");
            return Optional.empty();
        }
        List<Claimed> claimed = deliveries.claim(lane, now, limit, leaseUntil);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Event> byId = events
                .byIds(claimed.stream().map(Claimed::eventId).toList())
                .stream()
                .collect(Collectors.toMap(Event::id, Function.identity()));
        return Optional.of(new Batch(
                endpoint.get(),
                claimed.stream().map(c -> new Item(c, byId.get(c.eventId()))).toList()));
    }

    /** The lane's first pending delivery (held by this worker or not), to record a failed attempt on it. */
    @Transactional
    Optional<Claimed> front(Lane lane) {
        return deliveries.front(lane);
    }

    /**
     * Before a call: records the calls that went through since the last step (so a crash does not send them again)
     * and counts the coming call as an attempt of {@code deliveryId}, committed before the call is made.
     */
    @Transactional
    void attemptStarted(long deliveryId, Map<Integer, List<Long>> delivered) {
        long now = clock.millis();
        delivered.forEach((status, ids) -> deliveries.delivered(ids, status, now));
        deliveries.attemptStarted(deliveryId);
    }

    /** Extends the hold on deliveries still to be sent. */
    @Transactional
    void extend(List<Long> ids, long leaseUntil) {
        deliveries.lease(ids, leaseUntil);
    }

    /**
     * Records a batch's end: {@code delivered} went through (by HTTP status); {@code failed} (if any) did not and is
     * retried at {@code retryAt} or given up when that is null; {@code unsent} are released untouched.
     */
    @Transactional
    void finish(Map<Integer, List<Long>> delivered, Optional<Failure> failed, List<Long> unsent) {
        long now = clock.millis();
        delivered.forEach((status, ids) -> deliveries.delivered(ids, status, now));
        failed.ifPresent(
                f -> deliveries.failed(f.deliveryId(), f.httpStatus(), f.error(), f.retryAt(), f.countAttempt()));
        if (!unsent.isEmpty()) {
            deliveries.lease(unsent, null);
        }
    }

    /**
     * A failed attempt: retried at {@code retryAt}, or dead when that is null. {@code countAttempt}: false for a
     * call, counted when it started; true for a step of the server's own that failed before any call.
     */
    record Failure(long deliveryId, Integer httpStatus, String error, Long retryAt, boolean countAttempt) {}

    /** Puts deliveries back for later without counting an attempt. */
    @Transactional
    void postpone(List<Long> ids, long until, String reason) {
        deliveries.postpone(ids, until, reason);
    }

    /** The receiver answered 410 Gone: the endpoint stops until it is saved again. */
    @Transactional
    void gone(WebhookEndpoint endpoint, long deliveryId, Map<Integer, List<Long>> delivered) {
        long now = clock.millis();
        delivered.forEach((status, ids) -> deliveries.delivered(ids, status, now));
        deliveries.failed(deliveryId, 410, "410 Gone: the webhook is disabled until it is saved again", null, false);
        endpoints.disable(endpoint.id(), "The receiver answered 410 Gone", now);
        deliveries.cancelPending(endpoint.id(), "webhook disabled: the receiver answered 410 Gone");
    }
}
