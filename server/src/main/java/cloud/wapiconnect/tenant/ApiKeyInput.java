package cloud.wapiconnect.tenant;

import java.util.List;

/**
 * A key to create, as the facades parsed it.
 *
 * @param sessions session ids to restrict it to; {@code null} or empty for all of the tenant's sessions
 * @param expiresAt epoch millis; {@code null} for never
 */
public record ApiKeyInput(String name, List<Scope> scopes, List<String> sessions, Long expiresAt) {}
