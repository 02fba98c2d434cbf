package cloud.wapiconnect.message;

/** A single send as clients describe it; every field may be missing and is validated by {@link MessageService}. */
public record SendRequest(String to, String message, String type, String header, String footer) {
}
