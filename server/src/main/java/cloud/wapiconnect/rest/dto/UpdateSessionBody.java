package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.WapiException;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code PATCH /api/whatsapp/session/{sessionId}}: {@code {"proxy":"socks5://…"}} sets the session's proxy,
 * {@code {"proxy":null}} removes it. The field must be there: a JSON null (Jackson's NullNode) is not an absent one.
 */
@Schema(name = "UpdateSessionRequest")
public record UpdateSessionBody(JsonNode proxy) {
    /**
     * The new proxy URL, or null to remove it.
     *
     * @throws WapiException {@code INVALID_REQUEST} when {@code proxy} is missing or not a string or null
     */
    public String proxyOrNull() {
        if (proxy == null) {
            throw WapiException.invalid("proxy is required: a proxy URL, or null to remove the session's proxy");
        }
        if (proxy.isNull()) {
            return null;
        }
        if (!proxy.isTextual()) {
            throw WapiException.invalid("proxy must be a string (socks5://… or http://…) or null");
        }
        return proxy.asText();
    }
}
