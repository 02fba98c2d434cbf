package cloud.wapiconnect.logging;

import java.util.Locale;

/**
 * How the server writes its log ({@code WAPI_LOG_FORMAT}): {@code text}, one human line per record (the
 * default), or {@code json}, one JSON object per line for a log collector. Read from the environment (or a
 * system property of the same name) because logging starts before the typed configuration exists; the
 * configuration checks the same setting so that a wrong value stops the server with a clear message.
 */
public enum LogFormat {
    TEXT,
    JSON;

    public static final String SETTING = "WAPI_LOG_FORMAT";

    /** The format named by {@code raw} (case-insensitive; blank means text). */
    public static LogFormat parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return TEXT;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("one of: text, json");
        };
    }

    /** The process's setting; a wrong value falls back to text here (start-up refuses it before anything is served). */
    static LogFormat ofProcess() {
        String raw = System.getProperty(SETTING);
        if (raw == null) {
            raw = System.getenv(SETTING);
        }
        try {
            return parse(raw);
        } catch (IllegalArgumentException e) {
            return TEXT;
        }
    }
}
