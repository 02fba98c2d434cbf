package cloud.wapiconnect.rest.dto;

public record UpdateTenantBody(String plan, Boolean suspended) {}
