package cloud.wapiconnect.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

class RequestFramingTest {
    @Test
    void oneLengthOrChunkedAlonePass() {
        assertDoesNotThrow(() -> RequestFraming.check(headers("Content-Length", "12")));
        assertDoesNotThrow(() -> RequestFraming.check(headers("Content-Length", " 0 ")));
        assertDoesNotThrow(() -> RequestFraming.check(headers("Transfer-Encoding", "chunked")));
        assertDoesNotThrow(() -> RequestFraming.check(headers("Transfer-Encoding", "Chunked")));
        assertDoesNotThrow(() -> RequestFraming.check(WritableHeaders.create()));
    }

    @Test
    void ambiguousFramingIsA400ThatClosesTheConnection() {
        for (WritableHeaders<?> headers : new WritableHeaders<?>[] {
            headers("Content-Length", "2", "Content-Length", "40"),
            headers("Content-Length", "2", "Content-Length", "2"),
            headers("Content-Length", "2, 40"),
            headers("Content-Length", "+2"),
            headers("Content-Length", ""),
            headers("Content-Length", "99999999999999999999"),
            headers("Content-Length", "2", "Transfer-Encoding", "chunked"),
            headers("Transfer-Encoding", "gzip, chunked"),
            headers("Transfer-Encoding", "chunked, chunked"),
            headers("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"),
            headers("Transfer-Encoding", "xchunked")
        }) {
            RequestException e =
                    assertThrows(RequestException.class, () -> RequestFraming.check(headers), headers.toString());
            assertEquals(400, e.status().code());
            assertEquals(false, e.keepAlive());
        }
    }

    @Test
    void theAutomaticConnectionCapIsHalfTheFilesLeft() {
        assertEquals(9_900, TransportLimits.automaticCap(20_000, 200));
        assertEquals(412, TransportLimits.automaticCap(1024, 200));
        assertEquals(64, TransportLimits.automaticCap(256, 200));
        assertEquals(10_000, TransportLimits.automaticCap(1_048_576, 200));
        assertEquals(10_000, TransportLimits.automaticCap(-1, 200));
    }

    private static WritableHeaders<?> headers(String... namesAndValues) {
        WritableHeaders<?> headers = WritableHeaders.create();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(HeaderNames.create(namesAndValues[i]), namesAndValues[i + 1]);
        }
        return headers;
    }
}
