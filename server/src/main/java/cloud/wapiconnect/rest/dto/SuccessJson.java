package cloud.wapiconnect.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The document's {@code {"success":true}} for an action that has nothing else to say. */
@Schema(name = "Success")
public record SuccessJson(boolean success) {
    public static final SuccessJson OK = new SuccessJson(true);
}
