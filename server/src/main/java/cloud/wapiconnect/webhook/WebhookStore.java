package cloud.wapiconnect.webhook;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.tenant.TenantChange;
import cloud.wapiconnect.tenant.TenantChanges;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** The transactional steps of {@link WebhookService}; validation and DNS checks happen before, outside. */
@ApplicationScoped
class WebhookStore {
    static final int MAX_ENDPOINTS = 10;

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final TenantChanges changes;
    private final WebhookOutbox outbox;
    private final WebhookDispatcher dispatcher;
    private final EventLog events;
    private final Transactions transactions;

    @Inject
    WebhookStore(
            WebhookEndpointRepository endpoints,
            WebhookDeliveryRepository deliveries,
            TenantChanges changes,
            WebhookOutbox outbox,
            WebhookDispatcher dispatcher,
            EventLog events,
            Transactions transactions) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.changes = changes;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.events = events;
        this.transactions = transactions;
    }

    @Transactional
    void create(WebhookEndpoint endpoint) {
        int used = endpoints.ofTenant(endpoint.tenantId()).size();
        if (used >= MAX_ENDPOINTS) {
            throw WapiException.limit(
                    ErrorCode.WEBHOOK_LIMIT_REACHED,
                    "A tenant can have at most " + MAX_ENDPOINTS + " webhook endpoints",
                    MAX_ENDPOINTS,
                    used);
        }
        endpoints.insert(endpoint);
        changes.record(endpoint.tenantId(), TenantChange.Kind.WEBHOOKS);
    }

    @Transactional
    void update(WebhookEndpoint endpoint) {
        endpoints.update(endpoint);
        changes.record(endpoint.tenantId(), TenantChange.Kind.WEBHOOKS);
    }

    /** Deletes an endpoint; its pending deliveries are cancelled, its delivery log stays. */
    @Transactional
    void delete(WebhookEndpoint endpoint) {
        endpoints.delete(endpoint.tenantId(), endpoint.id());
        deliveries.cancelPending(endpoint.id(), "webhook deleted");
        changes.record(endpoint.tenantId(), TenantChange.Kind.WEBHOOKS);
    }

    /** Writes a test event to the log and queues it for this endpoint alone. */
    @Transactional
    long test(WebhookEndpoint endpoint) {
        Event event = events.append(
                new SessionKey(endpoint.tenantId(), ""), new EventData.Test(WebhookPayloads.TEST_MESSAGE));
        outbox.enqueueFor(endpoint, event);
        return event.id();
    }

    @Transactional
    int redeliver(String tenantId, long eventId, Optional<String> endpointId, long now) {
        if (!deliveries.exists(tenantId, eventId)) {
            throw new WapiException(ErrorCode.DELIVERY_NOT_FOUND, "No webhook delivery of event " + eventId);
        }
        int queued = deliveries.redeliver(tenantId, eventId, endpointId, now);
        transactions.afterCommit(dispatcher::wake);
        return queued;
    }
}
