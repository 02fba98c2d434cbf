package cloud.wapiconnect.rest.dto;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"url","secret"?,"events"?,"sessions"?}}: a secret left out (or null) stays as it is; "" removes it. */
@Schema(name = "WebhookInput")
public record WebhookBody(String url, String secret, List<String> events, List<String> sessions) {}
