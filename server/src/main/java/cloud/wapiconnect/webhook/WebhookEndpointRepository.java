package cloud.wapiconnect.webhook;

import cloud.wapiconnect.crypto.SecretsAtRest;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Webhook endpoints, in plain SQL. Sets are stored comma-separated (NULL for "all"). The signing secret is
 * stored sealed with the master key ({@code secret_sealed}, bound to the endpoint's id); the old clear
 * {@code secret} column is only ever read by {@link #sealClearSecrets()}, which empties it.
 */
@ApplicationScoped
@Transactional
public class WebhookEndpointRepository {
    private static final String COLUMNS = "id, tenant_id, default_for, url, secret_sealed, event_types, session_ids, "
            + "disabled_reason, created_at, updated_at";

    private final EntityManager em;
    private final SecretsAtRest secrets;

    @Inject
    public WebhookEndpointRepository(SharedEntityManager shared, SecretsAtRest secrets) {
        this.em = shared.get();
        this.secrets = secrets;
    }

    /**
     * Seals the secrets stored in clear by earlier versions, so their rows keep signing as before; returns how many.
     * At start-up, before deliveries start.
     */
    public int sealClearSecrets() {
        List<?> rows = em.createNativeQuery("SELECT id, secret FROM webhook_endpoints WHERE secret IS NOT NULL")
                .getResultList();
        for (Object row : rows) {
            Object[] c = (Object[]) row;
            String id = (String) c[0];
            em.createNativeQuery("UPDATE webhook_endpoints SET secret_sealed = ?1, secret = NULL WHERE id = ?2")
                    .setParameter(1, secrets.seal((String) c[1], place(id)))
                    .setParameter(2, id)
                    .executeUpdate();
        }
        return rows.size();
    }

    private String sealed(WebhookEndpoint e) {
        return e.secret().map(secret -> secrets.seal(secret, place(e.id()))).orElse(null);
    }

    /** The associated data of a sealed secret: a value copied to another endpoint's row does not open there. */
    private static String place(String endpointId) {
        return "webhook_endpoints.secret " + endpointId;
    }

    public void insert(WebhookEndpoint e) {
        em.createNativeQuery("INSERT INTO webhook_endpoints (" + COLUMNS
                        + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, e.id())
                .setParameter(2, e.tenantId())
                .setParameter(3, e.isDefault() ? e.tenantId() : null)
                .setParameter(4, e.url())
                .setParameter(5, sealed(e))
                .setParameter(6, joinTypes(e.eventTypes()))
                .setParameter(7, join(e.sessionIds()))
                .setParameter(8, e.disabledReason().orElse(null))
                .setParameter(9, e.createdAt())
                .setParameter(10, e.updatedAt())
                .executeUpdate();
    }

    /** Saves url, secret, filters; saving re-enables an endpoint that a 410 disabled. */
    public void update(WebhookEndpoint e) {
        em.createNativeQuery(
                        "UPDATE webhook_endpoints SET url = ?1, secret_sealed = ?2, secret = NULL, event_types = ?3, session_ids = ?4, "
                                + "disabled_reason = NULL, updated_at = ?5 WHERE id = ?6 AND tenant_id = ?7")
                .setParameter(1, e.url())
                .setParameter(2, sealed(e))
                .setParameter(3, joinTypes(e.eventTypes()))
                .setParameter(4, join(e.sessionIds()))
                .setParameter(5, e.updatedAt())
                .setParameter(6, e.id())
                .setParameter(7, e.tenantId())
                .executeUpdate();
    }

    public boolean delete(String tenantId, String id) {
        return em.createNativeQuery("DELETE FROM webhook_endpoints WHERE id = ?1 AND tenant_id = ?2")
                        .setParameter(1, id)
                        .setParameter(2, tenantId)
                        .executeUpdate()
                > 0;
    }

    public void disable(String id, String reason, long now) {
        em.createNativeQuery("UPDATE webhook_endpoints SET disabled_reason = ?1, updated_at = ?2 WHERE id = ?3")
                .setParameter(1, reason)
                .setParameter(2, now)
                .setParameter(3, id)
                .executeUpdate();
    }

    public List<WebhookEndpoint> ofTenant(String tenantId) {
        return rows(em.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE tenant_id = ?1 ORDER BY created_at, id")
                .setParameter(1, tenantId)
                .getResultList());
    }

    public Optional<WebhookEndpoint> find(String id) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = ?1")
                        .setParameter(1, id)
                        .getResultList())
                .stream()
                .findFirst();
    }

    public Optional<WebhookEndpoint> defaultOf(String tenantId) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE default_for = ?1")
                        .setParameter(1, tenantId)
                        .getResultList())
                .stream()
                .findFirst();
    }

    private List<WebhookEndpoint> rows(List<?> rows) {
        return rows.stream()
                .map(r -> {
                    Object[] c = (Object[]) r;
                    String id = (String) c[0];
                    return new WebhookEndpoint(
                            id,
                            (String) c[1],
                            c[2] != null,
                            (String) c[3],
                            Optional.ofNullable((String) c[4]).map(secret -> secrets.open(secret, place(id))),
                            types((String) c[5]),
                            split((String) c[6]),
                            Optional.ofNullable((String) c[7]),
                            ((Number) c[8]).longValue(),
                            ((Number) c[9]).longValue());
                })
                .toList();
    }

    private static String joinTypes(Set<EventType> types) {
        return join(types.stream().map(EventType::wireName).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static String join(Set<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static Set<EventType> types(String value) {
        return split(value).stream().map(EventType::fromWire).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> split(String value) {
        return value == null || value.isEmpty()
                ? Set.of()
                : Arrays.stream(value.split(",")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
