package cloud.wapiconnect.account;

import cloud.wapiconnect.account.PortalRepository.Credentials;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.mail.MailException;
import cloud.wapiconnect.mail.MailMessage;
import cloud.wapiconnect.mail.Mailer;
import cloud.wapiconnect.net.FailureBackoff;
import cloud.wapiconnect.tenant.OperatorKey;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.tenant.TenantService;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Portal accounts: sign-up with email verification (which creates the tenant and its API key), log-in with
 * throttling, log-out and password reset. Mails are sent after the transaction that made their token has
 * committed; answers never tell whether an email address has an account.
 * <p>
 * Failed logins slow down who fails, never lock an account for everyone: each email address and client
 * address pair waits 2 s after {@link #PAIR_FAILURES} failures in a row before its next attempt, and
 * twice as long after each further failure (up to {@link #PAIR_MAX_WAIT}); the owner logging in from
 * elsewhere is not affected. Missing accounts are counted and answered exactly like existing ones (same
 * status, body and, with a password check against a decoy hash, time), so neither the answers nor the
 * throttle tell which addresses have an account. One client address failing on many accounts waits too
 * ({@link #ADDRESS_FAILURES} in {@link #ADDRESS_WINDOW}).
 */
@ApplicationScoped
public class AccountService {
    private static final Logger LOG = Logger.getLogger(AccountService.class.getName());
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final Duration VERIFY_LINK_TTL = Duration.ofHours(48);
    static final Duration RESET_LINK_TTL = Duration.ofHours(1);
    /** Failed logins in a row of one email address from one client address that make it wait, and the longest wait. */
    static final int PAIR_FAILURES = 5;

    static final Duration PAIR_MAX_WAIT = Duration.ofMinutes(15);
    private static final Duration PAIR_FORGET_AFTER = Duration.ofHours(1);
    /** Failed logins from one address within the window before it must wait. */
    static final int ADDRESS_FAILURES = 20;

    static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);

    private final AccountStore store;
    private final TenantService tenants;
    private final OperatorKey operatorKey;
    private final Mailer mailer;
    private final WapiConfig.PortalConfig config;
    private final Clock clock;
    private final AddressThrottle addresses;
    private final FailureBackoff pairs;
    private ScheduledExecutorService housekeeping;

    /** A login just made: the cookie value the browser keeps, and the login it stands for. */
    public record NewLogin(String cookie, Login login) {}

    /** A verified account, its first API key (shown once) and the login verification started. */
    public record Welcome(Account account, String apiKey, NewLogin login) {}

    @Inject
    public AccountService(
            AccountStore store,
            TenantService tenants,
            OperatorKey operatorKey,
            Mailer mailer,
            WapiConfig config,
            Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.operatorKey = operatorKey;
        this.mailer = mailer;
        this.config = config.portal();
        this.clock = clock;
        this.addresses = new AddressThrottle(ADDRESS_FAILURES, ADDRESS_WINDOW, clock);
        this.pairs = new FailureBackoff(PAIR_FAILURES, Duration.ofSeconds(2), PAIR_MAX_WAIT, PAIR_FORGET_AFTER, clock);
    }

    /**
     * Registers an account and mails it a verification link. An address that already has an account gets
     * a mail saying so instead; the caller sees the same outcome either way.
     *
     * @throws WapiException {@code INVALID_REQUEST} for a missing name, a malformed email or a weak password
     */
    public void signUp(String name, String email, String password) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 200) {
            throw WapiException.invalid("Enter your name (up to 200 characters)");
        }
        String address = normalise(email);
        String weakness = Passwords.weakness(password, address);
        if (weakness != null) {
            throw WapiException.invalid(weakness);
        }
        String hash = Passwords.hash(password);
        String token = randomToken();
        long now = clock.millis();
        Account account = new Account(UUID.randomUUID().toString(), cleanName, address, Optional.empty(), false, now);
        if (store.create(account, hash, token, now + VERIFY_LINK_TTL.toMillis()).isPresent()) {
            mail(
                    address,
                    "Verify your email for WapiConnect",
                    "Hello " + cleanName + ",\n\n"
                            + "Confirm your email address to get your WapiConnect API key:\n\n"
                            + link("/portal/verify", token) + "\n\n"
                            + "The link works once, for " + VERIFY_LINK_TTL.toHours()
                            + " hours. If you did not sign up, ignore this mail.\n");
        } else {
            mail(
                    address,
                    "You already have a WapiConnect account",
                    "Hello,\n\n"
                            + "Someone (probably you) tried to sign up with this address, which already has an account.\n"
                            + "Log in at " + config.publicUrl() + "/portal/login, or reset your password at "
                            + config.publicUrl() + "/portal/forgot-password.\n");
        }
    }

    /** Sends a new verification link to an account that is not verified yet; silent otherwise. */
    public void resendVerification(String email) {
        String address = normaliseOrNull(email);
        Optional<Account> account = address == null ? Optional.empty() : store.byEmail(address);
        if (account.isPresent() && !account.get().verified()) {
            String token = randomToken();
            store.addToken(account.get().id(), token, AccountStore.VERIFY, clock.millis() + VERIFY_LINK_TTL.toMillis());
            mail(
                    address,
                    "Verify your email for WapiConnect",
                    "Hello " + account.get().name() + ",\n\n" + "Here is a new link to confirm your email address:\n\n"
                            + link("/portal/verify", token) + "\n");
        }
    }

    /**
     * Uses a verification link: creates the account's tenant with its first API key, and logs in.
     *
     * @throws WapiException {@code INVALID_LINK}
     */
    public Welcome verify(String token) {
        AccountStore.Verified verified = store.verify(requireToken(token), clock.millis());
        return new Welcome(verified.account(), verified.apiKey(), startLogin(Optional.of(verified.account()), false));
    }

    /**
     * @param address the client's network address, for the per-address throttle
     * @throws WapiException {@code UNAUTHORIZED} (wrong email or password, said the same way),
     *                       {@code TOO_MANY_ATTEMPTS}, {@code EMAIL_NOT_VERIFIED}, {@code TENANT_SUSPENDED}
     */
    public NewLogin logIn(String email, String password, String address) {
        String from = address == null ? "" : address;
        throttle(from);
        String normalised = normaliseOrNull(email);
        // Keyed by what was typed, account or not: the throttle must not tell them apart either.
        String pair = (normalised == null ? "" : normalised) + "\n" + from;
        long wait = pairs.retryAfterSeconds(pair);
        if (wait > 0) {
            throw tooMany(wait, "Too many failed logins; try again in " + wait + " seconds, or reset your password");
        }
        Optional<Credentials> found = normalised == null ? Optional.empty() : store.credentials(normalised);
        boolean matches;
        if (found.isEmpty() || password == null) {
            Passwords.spendTheSameTime(password == null ? "" : password);
            matches = false;
        } else {
            matches = Passwords.matches(password, found.get().passwordHash());
        }
        if (!matches) {
            pairs.failed(pair);
            addresses.failed(from);
            throw wrongCredentials();
        }
        pairs.succeeded(pair);
        Account account = found.get().account();
        if (!account.verified()) {
            throw new WapiException(
                    ErrorCode.EMAIL_NOT_VERIFIED,
                    "Verify your email first: follow the link in the mail we sent (or ask for a new one)");
        }
        return startLogin(Optional.of(account), false); // refuses a suspended tenant
    }

    /**
     * Logs the operator in with the admin key (throttled per address together with the admin API's wrong keys).
     *
     * @throws WapiException {@code UNAUTHORIZED}, {@code TOO_MANY_ATTEMPTS}
     */
    public NewLogin operatorLogIn(String adminKey, String address) {
        operatorKey.authenticate(adminKey, address); // throttled there, with the admin API's wrong keys
        return startLogin(Optional.empty(), true);
    }

    /** The login a browser's cookie stands for, if it is current and its tenant is not suspended. */
    public Optional<Login> login(String cookie) {
        if (cookie == null || cookie.isBlank() || cookie.length() > 100) {
            return Optional.empty();
        }
        return store.login(cookie, clock.millis()).flatMap(login -> {
            if (login.operator()) {
                return Optional.of(login);
            }
            return login.account()
                    .flatMap(Account::tenantId)
                    .flatMap(tenants::find)
                    .filter(t -> !t.suspended())
                    .map(login::withTenant);
        });
    }

    public void logOut(String cookie) {
        if (cookie != null && !cookie.isBlank()) {
            store.endLogin(cookie);
        }
    }

    /** Mails a password-reset link when the address has an account; silent otherwise. */
    public void requestPasswordReset(String email) {
        String address = normaliseOrNull(email);
        Optional<Account> account = address == null ? Optional.empty() : store.byEmail(address);
        if (account.isPresent()) {
            String token = randomToken();
            store.addToken(account.get().id(), token, AccountStore.RESET, clock.millis() + RESET_LINK_TTL.toMillis());
            mail(
                    address,
                    "Reset your WapiConnect password",
                    "Hello " + account.get().name() + ",\n\n"
                            + "Choose a new password here:\n\n" + link("/portal/reset-password", token) + "\n\n"
                            + "The link works once, for " + RESET_LINK_TTL.toMinutes()
                            + " minutes. If you did not ask for it,"
                            + " ignore this mail: your password stays as it is.\n");
        }
    }

    /** @throws WapiException {@code INVALID_LINK} */
    public void checkResetLink(String token) {
        store.resetAccount(requireToken(token), clock.millis());
    }

    /**
     * Sets a new password through a reset link and signs out every browser of the account.
     *
     * @throws WapiException {@code INVALID_LINK}, {@code INVALID_REQUEST} for a weak password
     */
    public void resetPassword(String token, String password) {
        String valid = requireToken(token);
        String weakness = Passwords.weakness(password, "");
        if (weakness != null) {
            throw WapiException.invalid(weakness);
        }
        store.resetPassword(valid, Passwords.hash(password), clock.millis());
    }

    /** Forgets expired logins and links every hour from now on. */
    public synchronized void start() {
        if (housekeeping == null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("portal-housekeeping").factory());
            housekeeping.scheduleWithFixedDelay(this::purgeExpired, 1, 60, TimeUnit.MINUTES);
        }
    }

    /** No more purges; one under way finishes first (an interrupt would break its database call). */
    @PreDestroy
    public synchronized void stop() {
        if (housekeeping != null) {
            housekeeping.shutdown();
            try {
                housekeeping.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forgets expired logins and links. */
    public int purgeExpired() {
        try {
            return store.purgeExpired(clock.millis());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expired portal logins could not be purged; trying again in an hour", e);
            return 0;
        }
    }

    private NewLogin startLogin(Optional<Account> account, boolean operator) {
        Optional<Tenant> tenant = account.map(this::requireActive);
        String cookie = randomToken();
        String csrf = randomToken();
        long now = clock.millis();
        long expiresAt = now + config.sessionTtl().toMillis();
        store.startLogin(account.map(Account::id), operator, cookie, csrf, now, expiresAt);
        return new NewLogin(cookie, new Login(account, tenant, operator, csrf, expiresAt));
    }

    private Tenant requireActive(Account account) {
        Tenant tenant = account.tenantId()
                .flatMap(tenants::find)
                .orElseThrow(() -> new WapiException(ErrorCode.TENANT_NOT_FOUND, "This account has no tenant"));
        if (tenant.suspended()) {
            throw new WapiException(ErrorCode.TENANT_SUSPENDED, "This account is suspended");
        }
        return tenant;
    }

    private void throttle(String address) {
        long wait = addresses.retryAfterSeconds(address);
        if (wait > 0) {
            throw tooMany(wait, "Too many failed logins from your address; try again in " + wait + " seconds");
        }
    }

    private void mail(String to, String subject, String text) {
        try {
            mailer.send(new MailMessage(to, subject, text));
        } catch (MailException e) {
            // The account is stored; "send the link again" recovers once the mail server is back.
            LOG.log(Level.WARNING, "Mail to " + to + " not sent", e);
        }
    }

    private String link(String path, String token) {
        return config.publicUrl() + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String normalise(String email) {
        String address = normaliseOrNull(email);
        if (address == null) {
            throw WapiException.invalid("Enter a valid email address");
        }
        return address;
    }

    private static String normaliseOrNull(String email) {
        if (email == null) {
            return null;
        }
        String address = email.strip().toLowerCase(Locale.ROOT);
        return address.length() <= 254 && EMAIL.matcher(address).matches() ? address : null;
    }

    private static String requireToken(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw new WapiException(
                    ErrorCode.INVALID_LINK,
                    "This link is not valid any more (used, expired or mistyped): ask for a new one");
        }
        return token;
    }

    private static WapiException wrongCredentials() {
        return new WapiException(ErrorCode.UNAUTHORIZED, "Wrong email or password");
    }

    private static WapiException tooMany(long retryAfterSeconds, String message) {
        return new WapiException(ErrorCode.TOO_MANY_ATTEMPTS, message, Map.of("retryAfterSeconds", retryAfterSeconds));
    }

    private static String randomToken() {
        return Tokens.random();
    }
}
