package cloud.wapiconnect.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @AfterEach
    void clear() {
        LogContext.clear();
    }

    @Test
    void anyMessageStaysOneLineAndReadsBackAsWritten() {
        String nasty = "quote \" backslash \\ newline \n return \r tab \t nul \u0000 bell \u0007 del \u007f "
                + "unicode é 漢字 😀 line separator \u2028 end";
        String line = formatter.format(record(Level.WARNING, nasty, null));
        assertOneLine(line);
        Map<String, Object> json = Json.readObject(line);
        assertEquals(nasty, json.get("message"));
        assertEquals("WARNING", json.get("level"));
        assertEquals("test.logger", json.get("logger"));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), Instant.parse((String) json.get("time")));
        assertTrue(((String) json.get("time")).endsWith("Z"), "UTC: " + json.get("time"));
        assertFalse(json.containsKey("thrown"));
        assertFalse(json.containsKey("requestId"), "no request outside a request");
    }

    @Test
    void anExceptionIsOneFieldWithTheWholeTraceAndItsCauses() {
        Exception thrown =
                new IllegalStateException("outer \"failure\"\nsecond line", new IOException("the cause {0} %s"));
        String line = formatter.format(record(Level.SEVERE, "Unhandled error", thrown));
        assertOneLine(line);
        String trace = (String) Json.readObject(line).get("thrown");
        assertTrue(trace.startsWith("java.lang.IllegalStateException: outer \"failure\"\nsecond line\n"), trace);
        assertTrue(trace.contains("\tat cloud.wapiconnect.logging.JsonLogFormatterTest."), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: the cause {0} %s"), trace);
    }

    @Test
    void theRequestContextAndAnAccessEntryAreFieldsOfTheirOwn() {
        LogContext.requestId("req-1");
        LogContext.tenantId("tenant-\"1\"");
        LogContext.sessionId("main");
        LogRecord record = record(Level.INFO, "{0}", null);
        record.setParameters(
                new Object[] {new AccessEntry("http", "POST", "/api/whatsapp/session/{sessionId}/send", "200", 12)});
        Map<String, Object> json = Json.readObject(formatter.format(record));
        assertEquals("POST /api/whatsapp/session/{sessionId}/send 200 12 ms", json.get("message"));
        assertEquals("req-1", json.get("requestId"));
        assertEquals("tenant-\"1\"", json.get("tenantId"));
        assertEquals("main", json.get("sessionId"));
        assertEquals("http", json.get("protocol"));
        assertEquals("POST", json.get("method"));
        assertEquals("/api/whatsapp/session/{sessionId}/send", json.get("path"));
        assertEquals(200, json.get("status"), "an HTTP status is a number");
        assertEquals(12, json.get("durationMs"));

        record.setParameters(new Object[] {new AccessEntry("grpc", "UNARY", "/a.B/C", "NOT_FOUND", 3)});
        assertEquals("NOT_FOUND", Json.readObject(formatter.format(record)).get("status"));
    }

    @Test
    void parametersAreFormattedAsJulDoesAndABrokenOneDoesNotLoseTheLine() {
        LogRecord record = record(Level.INFO, "session {0} is {1}", null);
        record.setParameters(new Object[] {"main", "ready"});
        assertEquals(
                "session main is ready",
                Json.readObject(formatter.format(record)).get("message"));

        record.setParameters(new Object[] {
            new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("broken");
                }
            }
        });
        Map<String, Object> json = Json.readObject(formatter.format(record));
        assertEquals("session {0} is {1}", json.get("message"));
        assertNull(json.get("status"));
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("test.logger");
        record.setInstant(Instant.ofEpochMilli(1_700_000_000_123L));
        record.setThrown(thrown);
        return record;
    }

    private static void assertOneLine(String line) {
        assertTrue(line.endsWith("\n"), line);
        assertEquals(-1, line.substring(0, line.length() - 1).indexOf('\n'), line);
        assertEquals(-1, line.indexOf('\r'), line);
    }
}
