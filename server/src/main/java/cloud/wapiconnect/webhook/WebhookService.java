package cloud.wapiconnect.webhook;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.net.AddressGuard;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.session.SessionIds;
import cloud.wapiconnect.stats.DayRange;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's webhook settings and delivery log. The document's single "Webhook URL" is the tenant's
 * default endpoint; a tenant may add more, each with its own URL, secret and filters.
 */
@ApplicationScoped
public class WebhookService {
    /**
     * The event types an endpoint can name in its filter. {@code test} is among them because the
     * document lists it, but a test event always goes to the endpoint it was asked for, filter or not.
     */
    public static final List<EventType> SUBSCRIBABLE = List.of(EventType.values());

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead", "cancelled");
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_SECRET_LENGTH = 255;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final WebhookEndpointRepository endpoints;
    private final WebhookDeliveryRepository deliveries;
    private final AddressGuard guard;
    private final Clock clock;

    @Inject
    public WebhookService(
            WebhookStore store,
            WebhookEndpointRepository endpoints,
            WebhookDeliveryRepository deliveries,
            WapiConfig config,
            Clock clock) {
        this.store = store;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.guard = new AddressGuard(config.allowPrivateNetworks());
        this.clock = clock;
    }

    public Optional<WebhookEndpoint> defaultEndpoint(Tenant tenant) {
        return endpoints.defaultOf(tenant.id());
    }

    /** Creates or replaces the default endpoint. */
    public WebhookEndpoint saveDefault(Tenant tenant, WebhookInput input) {
        Optional<WebhookEndpoint> current = endpoints.defaultOf(tenant.id());
        WebhookEndpoint saved = validated(tenant, current, true, input);
        if (current.isPresent()) {
            store.update(saved);
        } else {
            store.create(saved);
        }
        return saved;
    }

    public void deleteDefault(Tenant tenant) {
        store.delete(endpoints.defaultOf(tenant.id()).orElseThrow(() -> notFound("No webhook URL is set")));
    }

    public List<WebhookEndpoint> list(Tenant tenant) {
        return endpoints.ofTenant(tenant.id());
    }

    public WebhookEndpoint get(Tenant tenant, String id) {
        return endpoints
                .find(id)
                .filter(e -> e.tenantId().equals(tenant.id()))
                .orElseThrow(() -> notFound("No webhook " + id));
    }

    public WebhookEndpoint create(Tenant tenant, WebhookInput input) {
        WebhookEndpoint created = validated(tenant, Optional.empty(), false, input);
        store.create(created);
        return created;
    }

    public WebhookEndpoint update(Tenant tenant, String id, WebhookInput input) {
        WebhookEndpoint saved = validated(tenant, Optional.of(get(tenant, id)), false, input);
        store.update(saved);
        return saved;
    }

    public void delete(Tenant tenant, String id) {
        store.delete(get(tenant, id));
    }

    /** Queues a {@code test} event for one endpoint (the default one when {@code id} is empty); returns the event id. */
    public long test(Tenant tenant, Optional<String> id) {
        WebhookEndpoint endpoint = id.isPresent()
                ? get(tenant, id.get())
                : endpoints.defaultOf(tenant.id()).orElseThrow(() -> notFound("No webhook URL is set"));
        if (!endpoint.enabled()) {
            throw new WapiException(
                    ErrorCode.WEBHOOK_DISABLED,
                    "The webhook is disabled (" + endpoint.disabledReason().get() + "): save it again to enable it");
        }
        return store.test(endpoint);
    }

    /** A page ({@link PageSize#WEBHOOK_DELIVERIES}) of the delivery log, newest first; past the end, empty. */
    public Page<Delivery> deliveries(
            Tenant tenant, PageRequest paging, Optional<String> status, Optional<String> endpointId) {
        status.ifPresent(s -> {
            if (!STATUSES.contains(s)) {
                throw WapiException.invalid("status must be one of: pending, delivered, dead, cancelled");
            }
        });
        long total = deliveries.count(tenant.id(), status, endpointId);
        return new Page<>(
                paging.pastEnd(total)
                        ? List.of()
                        : deliveries.page(tenant.id(), status, endpointId, paging.firstResult(), paging.limit()),
                total,
                paging.page(),
                paging.limit());
    }

    /** The tenant's deliveries per day of {@code days} by where they stand now, every day of the range. */
    public List<DailyDeliveries> dailyDeliveries(Tenant tenant, DayRange days) {
        long[][] counts = new long[days.days()][4];
        for (long[] row : deliveries.dailyCounts(tenant.id(), days)) {
            counts[(int) row[0]] = new long[] {row[1], row[2], row[3], row[4]};
        }
        List<DailyDeliveries> daily = new ArrayList<>(days.days());
        for (int i = 0; i < days.days(); i++) {
            long[] c = counts[i];
            daily.add(new DailyDeliveries(days.day(i), c[0], c[1], c[2], c[3]));
        }
        return daily;
    }

    /** Queues an event again for its endpoints (or one of them); returns how many deliveries were queued. */
    public int redeliver(Tenant tenant, long eventId, Optional<String> endpointId) {
        return store.redeliver(tenant.id(), eventId, endpointId, clock.millis());
    }

    private WebhookEndpoint validated(
            Tenant tenant, Optional<WebhookEndpoint> current, boolean isDefault, WebhookInput in) {
        String url = url(in.url());
        Optional<String> secret = in.secret() == null
                ? current.flatMap(WebhookEndpoint::secret)
                : in.secret().isEmpty() ? Optional.empty() : Optional.of(secret(in.secret()));
        long now = clock.millis();
        return new WebhookEndpoint(
                current.map(WebhookEndpoint::id).orElseGet(WebhookService::newId),
                tenant.id(),
                isDefault,
                url,
                secret,
                eventTypes(in.events()),
                sessionIds(in.sessions()),
                Optional.empty(),
                current.map(WebhookEndpoint::createdAt).orElse(now),
                now);
    }

    /** An absolute http(s) URL whose host is allowed now (it is checked again at every delivery). */
    private String url(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new WapiException(ErrorCode.INVALID_WEBHOOK_URL, "url is required");
        }
        String url = raw.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new WapiException(ErrorCode.INVALID_WEBHOOK_URL, "url is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (url.length() > MAX_URL_LENGTH
                || (!scheme.equals("http") && !scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawFragment() != null) {
            throw new WapiException(
                    ErrorCode.INVALID_WEBHOOK_URL,
                    "url must be an absolute http or https URL with a host, no fragment, at most " + MAX_URL_LENGTH
                            + " characters");
        }
        guard.refusal(uri).ifPresent(reason -> {
            throw new WapiException(ErrorCode.WEBHOOK_URL_FORBIDDEN, "The webhook URL is not allowed: " + reason);
        });
        return url;
    }

    private static String secret(String secret) {
        if (secret.isBlank() || secret.length() > MAX_SECRET_LENGTH) {
            throw WapiException.invalid("secret must be 1.." + MAX_SECRET_LENGTH + " characters, or \"\" to remove it");
        }
        return secret;
    }

    private static Set<EventType> eventTypes(List<String> names) {
        if (names == null) {
            return Set.of();
        }
        Set<EventType> types = new LinkedHashSet<>();
        for (String name : names) {
            EventType type = SUBSCRIBABLE.stream()
                    .filter(t -> t.wireName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> WapiException.invalid("Unknown event type '" + name + "'; one of: "
                            + SUBSCRIBABLE.stream().map(EventType::wireName).collect(Collectors.joining(", "))));
            types.add(type);
        }
        return types.size() == SUBSCRIBABLE.size() ? Set.of() : types;
    }

    private static Set<String> sessionIds(List<String> ids) {
        if (ids == null) {
            return Set.of();
        }
        for (String id : ids) {
            SessionIds.require(id);
        }
        return new LinkedHashSet<>(ids);
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "wh_" + HexFormat.of().formatHex(bytes);
    }

    private static WapiException notFound(String message) {
        return new WapiException(ErrorCode.WEBHOOK_NOT_FOUND, message);
    }
}
