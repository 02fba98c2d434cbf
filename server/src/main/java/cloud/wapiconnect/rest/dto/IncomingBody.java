package cloud.wapiconnect.rest.dto;

/** A message someone writes to a sandbox session; {@code mediaBase64} makes it carry an attachment. */
public record IncomingBody(String from, String body, String type, Boolean isGroup, String mediaBase64,
                           String mediaMimeType, String fileName) {
}
