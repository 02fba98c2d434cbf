package cloud.wapiconnect.client.cli;

/** A command line or input file the command cannot use: the message alone goes to stderr, the exit status is 2. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
