package cloud.wapiconnect.rest.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.rest.dto.ErrorJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Walks every error code through the REST mapping. */
class HttpStatusesTest {
    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeHasAnErrorStatusAndTheDocumentedBody(ErrorCode code) {
        int status = HttpStatuses.of(code);
        assertTrue(status >= 400 && status < 600, code + " -> " + status);
        assertTrue(
                code == ErrorCode.INTERNAL_ERROR
                        || code == ErrorCode.ENGINE_UNAVAILABLE
                        || code == ErrorCode.INTERRUPTED
                        || code == ErrorCode.SESSION_MOVING
                        || status < 500,
                "only server-side faults are 5xx: " + code);
        var response = ErrorResponses.of(new WapiException(code, "message"));
        assertEquals(status, response.getStatus());
        ErrorJson body = (ErrorJson) response.getEntity();
        assertEquals("message", body.error());
        assertEquals(code.name(), body.code());
        String phrase = ReasonPhraseFilter.withPhrase(status).getReasonPhrase();
        assertTrue(phrase.matches("[A-Z][A-Za-z -]+"), "the status line of " + code + ": " + status + " " + phrase);
    }

    @Test
    void documentedStatuses() {
        assertEquals(400, HttpStatuses.of(ErrorCode.INVALID_REQUEST));
        assertEquals(401, HttpStatuses.of(ErrorCode.UNAUTHORIZED));
        assertEquals(404, HttpStatuses.of(ErrorCode.SESSION_NOT_FOUND));
        assertEquals(429, HttpStatuses.of(ErrorCode.SENT_LIMIT_EXCEEDED));
        assertEquals(429, HttpStatuses.of(ErrorCode.WHATSAPP_RATE_LIMITED));
        assertEquals(403, HttpStatuses.of(ErrorCode.SESSION_LIMIT_REACHED));
        assertEquals(409, HttpStatuses.of(ErrorCode.SESSION_NOT_READY));
    }
}
