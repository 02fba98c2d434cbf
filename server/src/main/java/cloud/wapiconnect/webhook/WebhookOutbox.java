package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventAppendHook;
import cloud.wapiconnect.persistence.Transactions;
import cloud.wapiconnect.tenant.TenantChange;
import cloud.wapiconnect.tenant.TenantChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns each event into deliveries, one per endpoint that wants it, in the transaction that writes
 * the event (an {@link EventAppendHook} of the log): an event is stored if and only if its deliveries are, so a
 * crash never drops one.
 *
 * <p>Every event asks which endpoints its tenant has, so the answer is cached per tenant, dropped when an
 * endpoint of the tenant changes ({@link TenantChangeListener}: at once when the change was made through this
 * node, within a second through another) and after {@value #TTL_MS} ms anyway (a change made in the database
 * directly).
 */
@ApplicationScoped
public class WebhookOutbox implements EventAppendHook, TenantChangeListener {
    private static final long TTL_MS = 5_000;

    private record Cached(List<WebhookEndpoint> endpoints, long loadedAt) {}

    private final Map<String, Cached> endpointsByTenant = new ConcurrentHashMap<>();
    /** Counts invalidations: a list read before one is not kept after it. */
    private final AtomicLong forgets = new AtomicLong();

    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookDispatcher dispatcher;
    private final Transactions transactions;
    private final Clock clock;

    @Inject
    public WebhookOutbox(
            WebhookEndpointRepository endpoints,
            WebhookDeliveryRepository deliveries,
            WebhookDispatcher dispatcher,
            Transactions transactions,
            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Queues the event for every endpoint of its tenant that wants it; joins the appending transaction. */
    @Override
    public void appended(Event event) {
        boolean queued = false;
        for (WebhookEndpoint endpoint : endpointsOf(event.tenantId())) {
            if (endpoint.wants(event.type(), event.sessionId())) {
                deliveries.insert(
                        endpoint.id(),
                        event.tenantId(),
                        event.id(),
                        event.type().wireName(),
                        event.sessionId(),
                        event.timestamp());
                queued = true;
            }
        }
        if (queued) {
            transactions.afterCommit(dispatcher::wake);
        }
    }

    /** Queues an event for one endpoint only (a test event); joins the caller's transaction. */
    void enqueueFor(WebhookEndpoint endpoint, Event event) {
        deliveries.insert(
                endpoint.id(),
                event.tenantId(),
                event.id(),
                event.type().wireName(),
                event.sessionId(),
                event.timestamp());
        transactions.afterCommit(dispatcher::wake);
    }

    /** Forgets the cached endpoints of a tenant whose endpoints changed. */
    @Override
    public void changed(TenantChange change) {
        if (change.kind() == TenantChange.Kind.WEBHOOKS) {
            forgets.incrementAndGet();
            endpointsByTenant.remove(change.tenantId());
        }
    }

    private List<WebhookEndpoint> endpointsOf(String tenantId) {
        long now = clock.millis();
        Cached cached = endpointsByTenant.get(tenantId);
        if (cached == null || now - cached.loadedAt() > TTL_MS) {
            long stamp = forgets.get();
            cached = new Cached(endpoints.ofTenant(tenantId), now);
            endpointsByTenant.put(tenantId, cached);
            if (forgets.get() != stamp) {
                // A change committed while this was read: it may be the list from before; read again next time.
                endpointsByTenant.remove(tenantId, cached);
            }
        }
        return cached.endpoints();
    }
}
