package cloud.wapiconnect.rest.dto;

/** @param phoneNumber the number to link, digits with the country code */
public record PairingCodeBody(String phoneNumber) {}
