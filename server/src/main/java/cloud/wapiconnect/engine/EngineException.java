package cloud.wapiconnect.engine;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.Map;

/** A send or control call the engine could not carry out. */
public class EngineException extends WapiException {
    public EngineException(ErrorCode code, String message) {
        super(code, message);
    }

    public EngineException(ErrorCode code, String message, Map<String, Object> details) {
        super(code, message, details);
    }

    /** WhatsApp's reach-out timelock refused a send (its error 463): try again after {@code retryAfterSeconds}. */
    public static EngineException rateLimited(long retryAfterSeconds) {
        return new EngineException(
                ErrorCode.WHATSAPP_RATE_LIMITED,
                "WhatsApp has time-locked this number from starting conversations (reach-out limit); try again in "
                        + retryAfterSeconds + " s",
                Map.of("retryAfterSeconds", retryAfterSeconds));
    }
}
