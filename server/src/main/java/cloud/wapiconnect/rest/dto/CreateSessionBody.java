package cloud.wapiconnect.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** @param proxy {@code socks5://[user:password@]host:port} or {@code http://…}; absent or null: none (kept when re-creating) */
@Schema(name = "CreateSessionRequest")
public record CreateSessionBody(String sessionId, String name, String proxy) {}
