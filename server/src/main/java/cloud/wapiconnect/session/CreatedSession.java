package cloud.wapiconnect.session;

/** Outcome of creating (or re-initialising) a session. */
public record CreatedSession(String sessionId, boolean isNew, SessionStatus status) {}
