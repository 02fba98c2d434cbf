package cloud.wapiconnect.account;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The portal's tables: {@code portal_accounts}, {@code portal_tokens} and {@code portal_logins}. */
@ApplicationScoped
@Transactional
class PortalRepository {
    private static final String ACCOUNT_COLUMNS = "id, name, email, tenant_id, verified_at, created_at";

    private final EntityManager em;

    /** An account with what only the login check may see. */
    public record Credentials(Account account, String passwordHash) {}

    /** A stored login and the account it belongs to (absent for the operator). */
    public record StoredLogin(Optional<String> accountId, boolean operator, String csrfToken, long expiresAt) {}

    @Inject
    PortalRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    // ---- accounts

    /** Inserts the account; false when the email is taken. */
    public boolean insertAccount(Account account, String passwordHash) {
        int inserted = em.createNativeQuery("INSERT INTO portal_accounts (id, name, email, password_hash, created_at)"
                        + " SELECT ?1, ?2, ?3, ?4, ?5 FROM (SELECT 1 AS one) x"
                        + " WHERE NOT EXISTS (SELECT 1 FROM portal_accounts WHERE email = ?3)")
                .setParameter(1, account.id())
                .setParameter(2, account.name())
                .setParameter(3, account.email())
                .setParameter(4, passwordHash)
                .setParameter(5, account.createdAt())
                .executeUpdate();
        return inserted == 1;
    }

    public Optional<Account> account(String id) {
        return first(em.createNativeQuery("SELECT " + ACCOUNT_COLUMNS + " FROM portal_accounts WHERE id = ?1")
                        .setParameter(1, id)
                        .getResultList())
                .map(PortalRepository::toAccount);
    }

    public Optional<Account> accountByEmail(String email) {
        return first(em.createNativeQuery("SELECT " + ACCOUNT_COLUMNS + " FROM portal_accounts WHERE email = ?1")
                        .setParameter(1, email)
                        .getResultList())
                .map(PortalRepository::toAccount);
    }

    /** The account with its password hash. */
    public Optional<Credentials> credentials(String email) {
        return first(em.createNativeQuery(
                                "SELECT " + ACCOUNT_COLUMNS + ", password_hash FROM portal_accounts WHERE email = ?1")
                        .setParameter(1, email)
                        .getResultList())
                .map(row -> new Credentials(toAccount(row), (String) row[6]));
    }

    public void markVerified(String accountId, String tenantId, long now) {
        em.createNativeQuery("UPDATE portal_accounts SET verified_at = ?2, tenant_id = ?3 WHERE id = ?1")
                .setParameter(1, accountId)
                .setParameter(2, now)
                .setParameter(3, tenantId)
                .executeUpdate();
    }

    public void setPassword(String accountId, String passwordHash) {
        em.createNativeQuery("UPDATE portal_accounts SET password_hash = ?2 WHERE id = ?1")
                .setParameter(1, accountId)
                .setParameter(2, passwordHash)
                .executeUpdate();
    }

    // ---- one-time link tokens

    public void insertToken(String tokenHash, String accountId, String purpose, long expiresAt) {
        em.createNativeQuery(
                        "INSERT INTO portal_tokens (token_hash, account_id, purpose, expires_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, tokenHash)
                .setParameter(2, accountId)
                .setParameter(3, purpose)
                .setParameter(4, expiresAt)
                .executeUpdate();
    }

    /** The account id of an unused, unexpired token, without using it. */
    public Optional<String> tokenAccount(String tokenHash, String purpose, long now) {
        return first(em.createNativeQuery("SELECT account_id FROM portal_tokens WHERE token_hash = ?1 AND purpose = ?2"
                                + " AND used_at IS NULL AND expires_at > ?3")
                        .setParameter(1, tokenHash)
                        .setParameter(2, purpose)
                        .setParameter(3, now)
                        .getResultList())
                .map(row -> (String) row[0]);
    }

    /** Uses the token: true for exactly one caller, however many race for it. */
    public boolean useToken(String tokenHash, String purpose, long now) {
        return em.createNativeQuery("UPDATE portal_tokens SET used_at = ?3 WHERE token_hash = ?1 AND purpose = ?2"
                                + " AND used_at IS NULL AND expires_at > ?3")
                        .setParameter(1, tokenHash)
                        .setParameter(2, purpose)
                        .setParameter(3, now)
                        .executeUpdate()
                == 1;
    }

    /** Voids every unused token of the account for the purpose (the reset links still out after a password change). */
    public int voidTokens(String accountId, String purpose, long now) {
        return em.createNativeQuery("UPDATE portal_tokens SET used_at = ?3 WHERE account_id = ?1 AND purpose = ?2"
                        + " AND used_at IS NULL")
                .setParameter(1, accountId)
                .setParameter(2, purpose)
                .setParameter(3, now)
                .executeUpdate();
    }

    // ---- logins

    public void insertLogin(
            String tokenHash,
            Optional<String> accountId,
            boolean operator,
            String csrfToken,
            long createdAt,
            long expiresAt) {
        em.createNativeQuery(
                        "INSERT INTO portal_logins (token_hash, account_id, operator, csrf_token, created_at, expires_at)"
                                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, tokenHash)
                .setParameter(2, accountId.orElse(null))
                .setParameter(3, operator)
                .setParameter(4, csrfToken)
                .setParameter(5, createdAt)
                .setParameter(6, expiresAt)
                .executeUpdate();
    }

    public Optional<StoredLogin> login(String tokenHash, long now) {
        return first(em.createNativeQuery("SELECT account_id, operator, csrf_token, expires_at FROM portal_logins"
                                + " WHERE token_hash = ?1 AND expires_at > ?2")
                        .setParameter(1, tokenHash)
                        .setParameter(2, now)
                        .getResultList())
                .map(row -> new StoredLogin(
                        Optional.ofNullable((String) row[0]),
                        toBoolean(row[1]),
                        (String) row[2],
                        ((Number) row[3]).longValue()));
    }

    public void deleteLogin(String tokenHash) {
        em.createNativeQuery("DELETE FROM portal_logins WHERE token_hash = ?1")
                .setParameter(1, tokenHash)
                .executeUpdate();
    }

    public void deleteLogins(String accountId) {
        em.createNativeQuery("DELETE FROM portal_logins WHERE account_id = ?1")
                .setParameter(1, accountId)
                .executeUpdate();
    }

    public int deleteExpired(long now) {
        return em.createNativeQuery("DELETE FROM portal_logins WHERE expires_at <= ?1")
                        .setParameter(1, now)
                        .executeUpdate()
                + em.createNativeQuery("DELETE FROM portal_tokens WHERE expires_at <= ?1")
                        .setParameter(1, now)
                        .executeUpdate();
    }

    private static Account toAccount(Object[] row) {
        return new Account(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                Optional.ofNullable((String) row[3]),
                row[4] != null,
                ((Number) row[5]).longValue());
    }

    private static boolean toBoolean(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Object[]> first(List<?> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object row = rows.get(0);
        return Optional.of(row instanceof Object[] array ? array : new Object[] {row});
    }
}
