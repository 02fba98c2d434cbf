package cloud.wapiconnect.session;

/**
 * Outcome of creating (or re-initialising) a session.
 *
 * @param proxy the session's proxy, credentials masked ({@code socks5://***@host:port}), or null
 */
public record CreatedSession(String sessionId, boolean isNew, SessionStatus status, String proxy) {}
