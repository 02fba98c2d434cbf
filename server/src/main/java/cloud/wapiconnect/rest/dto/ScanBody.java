package cloud.wapiconnect.rest.dto;

public record ScanBody(String phoneNumber) {}
