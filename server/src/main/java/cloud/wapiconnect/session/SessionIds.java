package cloud.wapiconnect.session;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.regex.Pattern;

/** Session ids are chosen by clients: 1-64 of {@code [A-Za-z0-9_-]}. */
public final class SessionIds {
    private static final Pattern VALID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private SessionIds() {}

    /** @throws WapiException {@code INVALID_SESSION_ID} */
    public static String require(String sessionId) {
        if (sessionId == null || !VALID.matcher(sessionId).matches()) {
            throw new WapiException(
                    ErrorCode.INVALID_SESSION_ID, "sessionId must be 1-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return sessionId;
    }
}
