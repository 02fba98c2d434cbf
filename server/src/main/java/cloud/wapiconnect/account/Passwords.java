package cloud.wapiconnect.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Password hashes: Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), with a random salt,
 * stored in the standard {@code $argon2id$v=19$m=...} form so that stronger parameters can be introduced
 * later without invalidating older hashes.
 */
final class Passwords {
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 200;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
    /**
     * Argon2 is meant to be expensive (tens of milliseconds of a core and 19 MiB each): at most half the
     * cores hash at once, so that a burst of logins queues instead of starving the API of CPU.
     */
    private static final Semaphore HASHING =
            new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), true);
    /** Checked against when the account does not exist, so that the answer takes as long either way. */
    private static final String DECOY = hash("decoy password, never anyone's");

    private Passwords() {}

    static String hash(String password) {
        return bounded(
                () -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    static boolean matches(String password, String hash) {
        return bounded(() -> Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash)));
    }

    private static <T> T bounded(Supplier<T> work) {
        HASHING.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            HASHING.release();
        }
    }

    static void spendTheSameTime(String password) {
        matches(password, DECOY);
    }

    /** Why the password is not acceptable, or null. */
    static String weakness(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Use at least " + MIN_LENGTH + " characters for the password";
        }
        if (password.length() > MAX_LENGTH) {
            return "Use at most " + MAX_LENGTH + " characters for the password";
        }
        if (password.equalsIgnoreCase(email) || password.chars().distinct().count() < 4) {
            return "Choose a password that is harder to guess";
        }
        return null;
    }
}
