package cloud.wapiconnect.rest.dto;

import java.util.List;

/** {@code {"url","secret"?,"events"?,"sessions"?}}: a secret left out (or null) stays as it is; "" removes it. */
public record WebhookBody(String url, String secret, List<String> events, List<String> sessions) {}
