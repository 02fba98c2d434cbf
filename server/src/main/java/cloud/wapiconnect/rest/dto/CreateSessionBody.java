package cloud.wapiconnect.rest.dto;

public record CreateSessionBody(String sessionId, String name) {}
