package cloud.wapiconnect.rest.dto;

/** A tenant's new API key, shown once. */
public record ApiKeyJson(String apiKey) {}
