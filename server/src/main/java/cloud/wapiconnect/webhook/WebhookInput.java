package cloud.wapiconnect.webhook;

import java.util.List;

/**
 * A webhook endpoint as a tenant saves it.
 *
 * @param secret   null keeps the current secret (none for a new endpoint); "" removes it
 * @param events   event type names; null or empty means all
 * @param sessions session ids; null or empty means all
 */
public record WebhookInput(String url, String secret, List<String> events, List<String> sessions) {}
