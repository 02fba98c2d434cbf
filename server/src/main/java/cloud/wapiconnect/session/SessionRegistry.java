package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The one place that knows which sessions are live on this node and their connections. Services ask
 * it; nothing else keeps per-session state. A connection runs here only under the session's lease
 * ({@code cluster.ClusterNode}); each live session carries its lease's generation.
 */
@ApplicationScoped
public class SessionRegistry {
    private final ConcurrentMap<SessionKey, LiveSession> live = new ConcurrentHashMap<>();

    public Optional<LiveSession> find(SessionKey key) {
        return Optional.ofNullable(live.get(key));
    }

    /**
     * Returns the live session, starting it with {@code connect} unless it is already live and not
     * disconnected. Concurrent callers for the same key connect once.
     */
    LiveSession startIfIdle(SessionKey key, long generation, Function<LiveSession, EngineConnection> connect) {
        LiveSession[] started = new LiveSession[1];
        LiveSession[] replaced = new LiveSession[1];
        LiveSession result = live.compute(key, (k, current) -> {
            if (current != null
                    && current.status() != SessionStatus.DISCONNECTED
                    && current.generation() == generation) {
                return current;
            }
            replaced[0] = current;
            started[0] = new LiveSession(k, generation);
            return started[0];
        });
        if (replaced[0] != null && replaced[0].connection() != null && replaced[0].generation() != generation) {
            replaced[0].connection().close(); // a connection under an older lease: this one replaces it
        }
        // Connect after registering: the engine may report its first QR before connect() returns.
        if (started[0] != null) {
            started[0].attach(connect.apply(started[0]));
        }
        return result;
    }

    /** Whether {@code session} is still the registered one (callbacks of replaced connections are ignored). */
    boolean isCurrent(LiveSession session) {
        return live.get(session.key()) == session;
    }

    Optional<LiveSession> remove(SessionKey key) {
        return Optional.ofNullable(live.remove(key));
    }

    void remove(LiveSession session) {
        live.remove(session.key(), session);
    }

    Collection<LiveSession> all() {
        return live.values();
    }

    /** Live sessions on this node by status (every status, zeros included). */
    public Map<SessionStatus, Integer> countByStatus() {
        Map<SessionStatus, Integer> counts = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            counts.put(status, 0);
        }
        live.values().forEach(s -> counts.merge(s.status(), 1, Integer::sum));
        return counts;
    }

    public int size() {
        return live.size();
    }
}
