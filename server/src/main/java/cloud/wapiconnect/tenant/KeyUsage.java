package cloud.wapiconnect.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a named key's {@code lastUsedAt}, at most once per {@link #EVERY} per key on each node: a busy client must
 * not cost a database write per request, and "used in the last minute or two" is what someone tidying up keys
 * needs to know.
 */
@ApplicationScoped
class KeyUsage {
    static final Duration EVERY = Duration.ofMinutes(1);

    private static final Logger LOG = Logger.getLogger(KeyUsage.class.getName());
    private static final int MAX_ENTRIES = 10_000;

    private final ApiKeyRepository keys;
    /** When this node last wrote each key's use (epoch millis). */
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    @Inject
    KeyUsage(ApiKeyRepository keys) {
        this.keys = keys;
    }

    void used(String keyId, long now) {
        Long last = written.get(keyId);
        if (last != null && now - last < EVERY.toMillis()) {
            return;
        }
        if (written.size() >= MAX_ENTRIES) {
            written.clear();
        }
        // One request per key and minute claims the write; the others go on without waiting for it.
        boolean claimed = last == null ? written.putIfAbsent(keyId, now) == null : written.replace(keyId, last, now);
        if (!claimed) {
            return;
        }
        try {
            keys.used(keyId, now);
        } catch (RuntimeException e) {
            // A hint only: a request is not refused because the database was busy writing it.
            LOG.log(Level.FINE, "Could not record the use of API key " + keyId, e);
        }
    }
}
