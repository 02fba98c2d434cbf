package cloud.wapiconnect.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreateSessionRequest")
public record CreateSessionBody(String sessionId, String name) {}
