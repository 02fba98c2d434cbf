package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.tenant.ApiKeyInput;
import cloud.wapiconnect.tenant.Scope;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Bodies of the API key endpoints. */
public final class ApiKeyBodies {
    private ApiKeyBodies() {}

    /**
     * {@code POST /api/settings/api-keys}.
     *
     * @param scopes one or more of {@code full}, {@code send}, {@code read}
     * @param sessions session ids to restrict the key to; absent for all sessions
     * @param expiresAt ISO-8601 instant ({@code 2027-01-31T00:00:00Z}); absent for never
     */
    @Schema(name = "ApiKeyInput")
    public record Create(String name, List<String> scopes, List<String> sessions, String expiresAt) {
        public ApiKeyInput input() {
            List<Scope> parsed =
                    scopes == null ? null : scopes.stream().map(Scope::parse).toList();
            return new ApiKeyInput(name, parsed, sessions, expiresAt == null ? null : instant(expiresAt));
        }

        private static long instant(String value) {
            try {
                return Instant.parse(value.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw WapiException.invalidField(
                        "expiresAt", "expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
            }
        }
    }

    /**
     * {@code POST /api/settings/api-key/reset} and {@code POST /api/settings/api-keys/{id}/rotate}; the body is
     * optional.
     *
     * @param graceSeconds how long the replaced key keeps working; absent or 0 for not at all
     */
    public record Rotate(Long graceSeconds) {
        public static long graceSeconds(Rotate body) {
            return body == null || body.graceSeconds() == null ? 0 : body.graceSeconds();
        }
    }
}
