package cloud.wapiconnect.tenant;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.net.FailureBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The operator's admin key: {@code WAPI_ADMIN_KEY}, or when unset one generated once into
 * {@code <data dir>/admin.key} so that it survives restarts.
 * <p>
 * Wrong keys are throttled per client address (the admin API's and the portal's operator login share the
 * budget: it is one secret): after {@link #WAIT_AFTER_FAILURES} in a row an address waits before its next
 * attempt, 2 s and then twice as long after each further failure, up to {@link #MAX_WAIT}; meanwhile it is
 * answered {@code TOO_MANY_ATTEMPTS} (429, {@code Retry-After}) without its key being looked at. Other
 * addresses are not affected, so an attacker cannot lock the operator out.
 */
@ApplicationScoped
public class OperatorKey {
    static final int WAIT_AFTER_FAILURES = 5;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private final String key;
    private final boolean generated;
    private final FailureBackoff failures;

    @Inject
    public OperatorKey(WapiConfig config, Clock clock) {
        this.failures = new FailureBackoff(WAIT_AFTER_FAILURES, Duration.ofSeconds(2), MAX_WAIT, FORGET_AFTER, clock);
        if (config.adminKey().isPresent()) {
            this.key = config.adminKey().get();
            this.generated = false;
        } else {
            this.key = loadOrGenerate(config.dataDir().resolve("admin.key"));
            this.generated = true;
        }
    }

    /**
     * @param address the client's network address, for the throttle
     * @throws WapiException {@code UNAUTHORIZED}, {@code TOO_MANY_ATTEMPTS} (details: {@code retryAfterSeconds})
     */
    public void authenticate(String presented, String address) {
        String from = address == null ? "" : address;
        long wait = failures.retryAfterSeconds(from);
        if (wait > 0) {
            throw new WapiException(
                    ErrorCode.TOO_MANY_ATTEMPTS,
                    "Too many wrong admin keys from your address; try again in " + wait + " seconds",
                    Map.of("retryAfterSeconds", wait));
        }
        if (presented == null || presented.isBlank()) {
            // Guesses nothing, so it costs nothing (a health probe or a forgotten header).
            throw new WapiException(ErrorCode.UNAUTHORIZED, "Missing or invalid admin key (X-Admin-Key)");
        }
        if (!ApiKeys.constantTimeEquals(presented.trim(), key)) {
            failures.failed(from);
            throw new WapiException(ErrorCode.UNAUTHORIZED, "Missing or invalid admin key (X-Admin-Key)");
        }
        failures.succeeded(from);
    }

    /** The key, when it was generated here (an operator-supplied key is never printed). */
    public String generatedKey() {
        return generated ? key : null;
    }

    private static String loadOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            String key = "wapi_admin_" + ApiKeys.generate().substring(ApiKeys.PREFIX.length());
            DataDirectory.writePrivate(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }
}
