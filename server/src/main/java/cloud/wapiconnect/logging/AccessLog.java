package cloud.wapiconnect.logging;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The access log: a line per request at INFO on the logger {@value #NAME} (so that an operator can turn it off
 * with {@code cloud.wapiconnect.access.level=OFF}). The JSON format writes the entry's fields as fields of their own.
 */
public final class AccessLog {
    public static final String NAME = "cloud.wapiconnect.access";
    private static final Logger LOG = Logger.getLogger(NAME);

    private AccessLog() {}

    public static void log(AccessEntry entry) {
        if (!LOG.isLoggable(Level.INFO)) {
            return;
        }
        LogRecord record = new LogRecord(Level.INFO, "{0}");
        record.setLoggerName(NAME);
        record.setParameters(new Object[] {entry});
        LOG.log(record);
    }
}
