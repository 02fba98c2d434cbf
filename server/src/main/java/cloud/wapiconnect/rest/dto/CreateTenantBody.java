package cloud.wapiconnect.rest.dto;

public record CreateTenantBody(String name, String email, String plan) {}
