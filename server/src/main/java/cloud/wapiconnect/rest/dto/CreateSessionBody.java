package cloud.wapiconnect.rest.dto;

/** @param proxy {@code socks5://[user:password@]host:port} or {@code http://…}; absent or null: none (kept when re-creating) */
public record CreateSessionBody(String sessionId, String name, String proxy) {}
