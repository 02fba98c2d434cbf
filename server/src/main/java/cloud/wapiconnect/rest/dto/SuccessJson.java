package cloud.wapiconnect.rest.dto;

/** The document's {@code {"success":true}} for an action that has nothing else to say. */
public record SuccessJson(boolean success) {
    public static final SuccessJson OK = new SuccessJson(true);
}
