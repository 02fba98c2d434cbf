package cloud.wapiconnect.engine;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;

/** A send or control call the engine could not carry out. */
public class EngineException extends WapiException {
    public EngineException(ErrorCode code, String message) {
        super(code, message);
    }
}
