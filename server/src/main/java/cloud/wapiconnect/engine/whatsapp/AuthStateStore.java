package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.crypto.MasterKey;
import cloud.wapiconnect.engine.whatsapp.AuthStateRepository.Key;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's auth state, encrypted on the way into the database and decrypted on the way out. Values
 * are opaque here: the bridge encodes them, and nothing in Java reads Baileys' structures.
 */
@ApplicationScoped
public class AuthStateStore {
    static final Key CREDS = new Key("creds", "creds");
    /** The bridge keeps what it needs to download an incoming message's media again under this category. */
    static final String MEDIA_REF = "media-ref";
    /** … and the polls a session sent, whose secret decrypts their votes. */
    static final String POLL_REF = "poll-secret";

    private final AuthStateRepository repository;
    private final Clock clock;
    private final WapiConfig config;
    private volatile AuthStateCipher cipher;

    @Inject
    public AuthStateStore(AuthStateRepository repository, WapiConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    public Map<Key, byte[]> read(SessionKey session, Collection<Key> keys) {
        Map<Key, byte[]> plain = new LinkedHashMap<>();
        repository
                .read(session, keys)
                .forEach((key, ciphertext) -> plain.put(key, cipher().decrypt(session, key, ciphertext)));
        return plain;
    }

    /** Returns once the write has committed. */
    public void write(SessionKey session, Map<Key, byte[]> put, Collection<Key> delete) {
        Map<Key, byte[]> sealed = new LinkedHashMap<>();
        put.forEach((key, value) -> sealed.put(key, cipher().encrypt(session, key, value)));
        repository.write(session, sealed, delete, clock.millis());
    }

    /** Whether the session has an identity to restore. */
    public boolean hasCredentials(SessionKey session) {
        return repository.contains(session, CREDS);
    }

    public byte[] credentials(SessionKey session) {
        return read(session, List.of(CREDS)).get(CREDS);
    }

    /**
     * Forgets how to download media received, and to decrypt votes on polls sent, more than {@code age} ago;
     * returns how many refs went.
     */
    public int pruneMessageRefs(Duration age) {
        long cutoff = clock.millis() - age.toMillis();
        return repository.deleteOlderThan(MEDIA_REF, cutoff) + repository.deleteOlderThan(POLL_REF, cutoff);
    }

    public void clear(SessionKey session) {
        repository.deleteAll(session);
    }

    private AuthStateCipher cipher() {
        AuthStateCipher c = cipher;
        if (c == null) {
            synchronized (this) {
                if (cipher == null) {
                    cipher = new AuthStateCipher(MasterKey.resolve(config));
                }
                c = cipher;
            }
        }
        return c;
    }
}
