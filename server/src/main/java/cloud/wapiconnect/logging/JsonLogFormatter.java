package cloud.wapiconnect.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code message}, the
 * request's {@code requestId}, {@code tenantId} and {@code sessionId} where known (the {@link LogContext}), an
 * access line's own fields ({@code protocol}, {@code method}, {@code path}, {@code status},
 * {@code durationMs}), and {@code thrown}, the whole stack trace as one string. Jackson writes the strings, so
 * a quote, a backslash, a line break or a control character in a message can never end the line or the object.
 */
public final class JsonLogFormatter extends Formatter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Override
    public String format(LogRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", record.getInstant().toString());
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
            json.writeStringField("message", message(record));
            for (String key : LogContext.KEYS) {
                String value = LogContext.get(key);
                if (value != null) {
                    json.writeStringField(key, value);
                }
            }
            if (access(record) instanceof AccessEntry entry) {
                json.writeStringField("protocol", entry.protocol());
                json.writeStringField("method", entry.method());
                json.writeStringField("path", entry.path());
                if (entry.status().chars().allMatch(Character::isDigit)
                        && !entry.status().isEmpty()) {
                    json.writeNumberField("status", Integer.parseInt(entry.status()));
                } else {
                    json.writeStringField("status", entry.status());
                }
                json.writeNumberField("durationMs", entry.durationMs());
            }
            if (record.getThrown() != null) {
                json.writeStringField("thrown", stackTrace(record.getThrown()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }

    private String message(LogRecord record) {
        try {
            String message = formatMessage(record);
            return message == null ? "" : message;
        } catch (RuntimeException e) {
            // a parameter whose toString fails must not lose the line
            return String.valueOf(record.getMessage());
        }
    }

    static Object access(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 ? parameters[0] : null;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter(1024);
        try (PrintWriter printer = new PrintWriter(trace)) {
            thrown.printStackTrace(printer);
        }
        return trace.toString().stripTrailing();
    }
}
