package cloud.wapiconnect.account;

import cloud.wapiconnect.account.PortalRepository.Credentials;
import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.tenant.CreatedTenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The transactional steps of {@link AccountService}: each method is one transaction, and none does
 * network I/O or password hashing (the service does both outside).
 */
@ApplicationScoped
public class AccountStore {
    static final String VERIFY = "verify";
    static final String RESET = "reset";

    private final PortalRepository repository;
    private final TenantService tenants;

    @Inject
    public AccountStore(PortalRepository repository, TenantService tenants) {
        this.repository = repository;
        this.tenants = tenants;
    }

    /** Creates the account with a verification token; empty when the email is taken. */
    @Transactional
    public Optional<Account> create(Account account, String passwordHash, String verifyToken, long expiresAt) {
        if (!repository.insertAccount(account, passwordHash)) {
            return Optional.empty();
        }
        repository.insertToken(Sha256.hex(verifyToken), account.id(), VERIFY, expiresAt);
        return Optional.of(account);
    }

    @Transactional
    public void addToken(String accountId, String token, String purpose, long expiresAt) {
        repository.insertToken(Sha256.hex(token), accountId, purpose, expiresAt);
    }

    /**
     * Uses the verification token and gives the account its tenant.
     *
     * @throws WapiException {@code INVALID_LINK}
     */
    @Transactional
    public Verified verify(String token, long now) {
        String hash = Sha256.hex(token);
        String accountId = repository.tokenAccount(hash, VERIFY, now).orElseThrow(AccountStore::invalidLink);
        if (!repository.useToken(hash, VERIFY, now)) {
            throw invalidLink();
        }
        Account account = repository.account(accountId).orElseThrow(AccountStore::invalidLink);
        if (account.verified()) {
            throw invalidLink();
        }
        CreatedTenant tenant = tenants.create(account.name(), account.email(), null);
        repository.markVerified(account.id(), tenant.tenant().id(), now);
        return new Verified(
                new Account(
                        account.id(),
                        account.name(),
                        account.email(),
                        Optional.of(tenant.tenant().id()),
                        true,
                        account.createdAt()),
                tenant.apiKey());
    }

    /** The account and what its login check needs. */
    @Transactional
    public Optional<Credentials> credentials(String email) {
        return repository.credentials(email);
    }

    @Transactional
    public void startLogin(
            Optional<String> accountId, boolean operator, String token, String csrf, long now, long expiresAt) {
        repository.insertLogin(Sha256.hex(token), accountId, operator, csrf, now, expiresAt);
    }

    @Transactional
    public Optional<Login> login(String token, long now) {
        return repository.login(Sha256.hex(token), now).flatMap(stored -> {
            Optional<Account> account = stored.accountId().flatMap(repository::account);
            if (!stored.operator() && account.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Login(account, Optional.empty(), stored.operator(), stored.csrfToken(), stored.expiresAt()));
        });
    }

    @Transactional
    public void endLogin(String token) {
        repository.deleteLogin(Sha256.hex(token));
    }

    /** Checks a reset link without using it. @throws WapiException {@code INVALID_LINK} */
    @Transactional
    public String resetAccount(String token, long now) {
        return repository.tokenAccount(Sha256.hex(token), RESET, now).orElseThrow(AccountStore::invalidLink);
    }

    /**
     * Uses the reset token, sets the password, voids every other reset link still out (whoever holds one must
     * not change the password that was just chosen) and signs every browser of the account out.
     *
     * @throws WapiException {@code INVALID_LINK}
     */
    @Transactional
    public void resetPassword(String token, String passwordHash, long now) {
        String hash = Sha256.hex(token);
        String accountId = repository.tokenAccount(hash, RESET, now).orElseThrow(AccountStore::invalidLink);
        if (!repository.useToken(hash, RESET, now)) {
            throw invalidLink();
        }
        repository.setPassword(accountId, passwordHash);
        repository.voidTokens(accountId, RESET, now);
        repository.deleteLogins(accountId);
    }

    @Transactional
    public Optional<Account> byEmail(String email) {
        return repository.accountByEmail(email);
    }

    @Transactional
    public int purgeExpired(long now) {
        return repository.deleteExpired(now);
    }

    private static WapiException invalidLink() {
        return new WapiException(
                ErrorCode.INVALID_LINK,
                "This link is not valid any more (used, expired or mistyped): ask for a new one");
    }

    /** A verified account and its tenant's first API key: the one moment the key is known in full. */
    public record Verified(Account account, String apiKey) {}
}
