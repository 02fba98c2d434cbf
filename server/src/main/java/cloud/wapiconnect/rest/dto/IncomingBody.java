package cloud.wapiconnect.rest.dto;

public record IncomingBody(String from, String body, String type, Boolean isGroup) {
}
