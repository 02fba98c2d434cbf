package cloud.wapiconnect.rest.dto;

/** The sandbox's WhatsApp pairing a LID ({@code lid}: digits or {@code <digits>@lid}) with a phone number. */
public record LidMappingBody(String phone, String lid) {}
