package cloud.wapiconnect.config;

/** A configuration value that cannot be used; the message names the setting so operators can fix it. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String setting, String value, String expected) {
        super("Invalid configuration: " + setting + "=" + value + " (expected " + expected + ")");
    }
}
