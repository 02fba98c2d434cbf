package cloud.wapiconnect.logging;

import io.helidon.logging.jul.HelidonFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * The console's formatter ({@code logging.properties}): {@link JsonLogFormatter} when {@code WAPI_LOG_FORMAT=json},
 * else Helidon's text formatter with the format of {@code java.util.logging.SimpleFormatter.format} (which may
 * name MDC fields as {@code %X{requestId}}).
 */
public final class WapiLogFormatter extends Formatter {
    private final Formatter delegate =
            LogFormat.ofProcess() == LogFormat.JSON ? new JsonLogFormatter() : new HelidonFormatter();

    @Override
    public String format(LogRecord record) {
        return delegate.format(record);
    }
}
