package cloud.wapiconnect.tenant;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Named API keys ({@code api_keys}) and keys in a rotation's grace period ({@code api_key_grace}), in plain SQL.
 * Sets are stored comma-separated; a key's session ids are NULL for "all sessions".
 */
@ApplicationScoped
@Transactional
public class ApiKeyRepository {
    private static final String COLUMNS =
            "id, name, prefix, scopes, session_ids, created_at, last_used_at, expires_at, tenant_id, key_hash";

    /** A named key's row: the key as lists show it, its tenant and hash. */
    public record Row(ApiKey key, String tenantId, String keyHash) {}

    /** A hash that authenticates: its tenant and what it allows. */
    public record Found(String tenantId, KeyGrant grant) {}

    private final EntityManager em;

    @Inject
    public ApiKeyRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    public void insert(String tenantId, ApiKey key, String keyHash) {
        em.createNativeQuery("INSERT INTO api_keys (" + COLUMNS + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9)")
                .setParameter(1, key.id())
                .setParameter(2, key.name())
                .setParameter(3, key.prefix())
                .setParameter(4, joinScopes(key.scopes()))
                .setParameter(5, key.sessions().isEmpty() ? null : String.join(",", key.sessions()))
                .setParameter(6, key.createdAt())
                .setParameter(7, key.expiresAt())
                .setParameter(8, tenantId)
                .setParameter(9, keyHash)
                .executeUpdate();
    }

    public int count(String tenantId) {
        return ((Number) em.createNativeQuery("SELECT COUNT(*) FROM api_keys WHERE tenant_id = ?1")
                        .setParameter(1, tenantId)
                        .getSingleResult())
                .intValue();
    }

    public List<ApiKey> ofTenant(String tenantId) {
        return rows(em.createNativeQuery(
                                "SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ?1 ORDER BY created_at, id")
                        .setParameter(1, tenantId)
                        .getResultList())
                .stream()
                .map(Row::key)
                .toList();
    }

    public Optional<Row> find(String tenantId, String id) {
        return rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?1 AND tenant_id = ?2")
                        .setParameter(1, id)
                        .setParameter(2, tenantId)
                        .getResultList())
                .stream()
                .findFirst();
    }

    /** Deletes the key and its hashes still in a grace period; returns the hashes that stopped working. */
    public Set<String> delete(String tenantId, String id) {
        Optional<Row> row = find(tenantId, id);
        if (row.isEmpty()) {
            return Set.of();
        }
        Set<String> hashes = new HashSet<>(graceHashesOf(id));
        hashes.add(row.get().keyHash());
        em.createNativeQuery("DELETE FROM api_key_grace WHERE key_id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM api_keys WHERE id = ?1 AND tenant_id = ?2")
                .setParameter(1, id)
                .setParameter(2, tenantId)
                .executeUpdate();
        return hashes;
    }

    private List<String> graceHashesOf(String keyId) {
        return em
                .createNativeQuery("SELECT key_hash FROM api_key_grace WHERE key_id = ?1")
                .setParameter(1, keyId)
                .getResultList()
                .stream()
                .map(String.class::cast)
                .toList();
    }

    public void replaceHash(String id, String keyHash, String prefix) {
        em.createNativeQuery("UPDATE api_keys SET key_hash = ?1, prefix = ?2 WHERE id = ?3")
                .setParameter(1, keyHash)
                .setParameter(2, prefix)
                .setParameter(3, id)
                .executeUpdate();
    }

    /** Keeps a replaced key working until {@code validUntil}, as the key {@code keyId} (null: the tenant's own). */
    public void keepInGrace(String tenantId, String keyId, String keyHash, long validUntil) {
        em.createNativeQuery(
                        "INSERT INTO api_key_grace (key_hash, tenant_id, key_id, valid_until) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, keyHash)
                .setParameter(2, tenantId)
                .setParameter(3, keyId)
                .setParameter(4, validUntil)
                .executeUpdate();
    }

    /** Ends the grace periods of earlier rotations of a key (null: the tenant's own); returns their hashes. */
    public List<String> endGrace(String tenantId, String keyId) {
        String where = keyId == null ? "tenant_id = ?1 AND key_id IS NULL" : "tenant_id = ?1 AND key_id = ?2";
        var select = em.createNativeQuery("SELECT key_hash FROM api_key_grace WHERE " + where)
                .setParameter(1, tenantId);
        var delete =
                em.createNativeQuery("DELETE FROM api_key_grace WHERE " + where).setParameter(1, tenantId);
        if (keyId != null) {
            select.setParameter(2, keyId);
            delete.setParameter(2, keyId);
        }
        List<String> hashes =
                select.getResultList().stream().map(String.class::cast).toList();
        delete.executeUpdate();
        return hashes;
    }

    public void purgeGrace(String tenantId, long now) {
        em.createNativeQuery("DELETE FROM api_key_grace WHERE tenant_id = ?1 AND valid_until <= ?2")
                .setParameter(1, tenantId)
                .setParameter(2, now)
                .executeUpdate();
    }

    /** Once a minute or so per key: a hint for whoever tidies up keys, not an audit log. */
    public void used(String id, long at) {
        em.createNativeQuery("UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2")
                .setParameter(1, at)
                .setParameter(2, id)
                .executeUpdate();
    }

    /** The named key, or key in a grace period, with this hash, if it is good at {@code now}. */
    public Optional<Found> findByHash(String keyHash, long now) {
        Optional<Found> named = rows(em.createNativeQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ?1")
                        .setParameter(1, keyHash)
                        .getResultList())
                .stream()
                .findFirst()
                .map(ApiKeyRepository::found);
        if (named.isPresent()) {
            return named.filter(f -> f.grant().validUntil() > now);
        }
        List<?> grace = em.createNativeQuery(
                        "SELECT tenant_id, key_id, valid_until FROM api_key_grace WHERE key_hash = ?1 AND valid_until > ?2")
                .setParameter(1, keyHash)
                .setParameter(2, now)
                .getResultList();
        if (grace.isEmpty()) {
            return Optional.empty();
        }
        Object[] c = (Object[]) grace.getFirst();
        String tenantId = (String) c[0];
        String keyId = (String) c[1];
        long until = ((Number) c[2]).longValue();
        if (keyId == null) {
            return Optional.of(new Found(tenantId, KeyGrant.ACCOUNT.until(until)));
        }
        return find(tenantId, keyId)
                .map(ApiKeyRepository::found)
                .map(f -> new Found(f.tenantId(), f.grant().until(until)))
                .filter(f -> f.grant().validUntil() > now);
    }

    /**
     * The hashes that authenticate each of these tenants at {@code now}, besides the tenant's own key: named keys
     * not expired, keys in a grace period. For open streams' re-checks: one query per table.
     */
    public Map<String, Set<String>> goodHashes(Collection<String> tenantIds, long now) {
        Map<String, Set<String>> hashes = new HashMap<>();
        List<?> named = em.createNativeQuery("SELECT tenant_id, key_hash FROM api_keys WHERE tenant_id IN (?1)"
                        + " AND (expires_at IS NULL OR expires_at > ?2)")
                .setParameter(1, tenantIds)
                .setParameter(2, now)
                .getResultList();
        List<?> grace = em.createNativeQuery(
                        "SELECT tenant_id, key_hash FROM api_key_grace WHERE tenant_id IN (?1) AND valid_until > ?2")
                .setParameter(1, tenantIds)
                .setParameter(2, now)
                .getResultList();
        for (List<?> rows : List.of(named, grace)) {
            for (Object r : rows) {
                Object[] c = (Object[]) r;
                hashes.computeIfAbsent((String) c[0], t -> new HashSet<>()).add((String) c[1]);
            }
        }
        return hashes;
    }

    private static Found found(Row row) {
        ApiKey k = row.key();
        return new Found(
                row.tenantId(),
                new KeyGrant(
                        k.id(), k.scopes(), k.sessions(), k.expiresAt() == null ? KeyGrant.FOREVER : k.expiresAt()));
    }

    private static List<Row> rows(List<?> rows) {
        return rows.stream()
                .map(r -> {
                    Object[] c = (Object[]) r;
                    ApiKey key = new ApiKey(
                            (String) c[0],
                            (String) c[1],
                            (String) c[2],
                            scopes((String) c[3]),
                            split((String) c[4]),
                            ((Number) c[5]).longValue(),
                            c[6] == null ? null : ((Number) c[6]).longValue(),
                            c[7] == null ? null : ((Number) c[7]).longValue());
                    return new Row(key, (String) c[8], (String) c[9]);
                })
                .toList();
    }

    private static String joinScopes(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wire).collect(Collectors.joining(","));
    }

    private static Set<Scope> scopes(String value) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        split(value).forEach(s -> scopes.add(Scope.parse(s)));
        return scopes;
    }

    private static Set<String> split(String value) {
        return value == null || value.isEmpty()
                ? Set.of()
                : Arrays.stream(value.split(",")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
