package cloud.wapiconnect.transport;

import io.helidon.webserver.ServerConnectionException;
import java.util.logging.Logger;

/**
 * A client that closed its connection (or had it closed for being too slow, by {@link ConnectionGuard}) while
 * its request was read or its response written is not a server error. Jersey reports both halves at SEVERE
 * with a stack trace: the failed read reaches the exception mappers, the failed write of the answer is
 * logged by its responder. One slow-body attacker cost the log two stack traces; these are recognised here
 * and kept out of the log (the guard already logs its closes, one line per burst).
 */
public final class ClientGone {
    /** Jersey's responder logs the failed commit of a response; held here, as JUL forgets unreferenced loggers' filters. */
    private static final Logger JERSEY_RESPONDER =
            Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder");

    private ClientGone() {}

    /** Whether the failure is the client's connection going away. */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** Keeps Jersey's "Error while closing the output stream" for a client that is gone out of the log. */
    static void quietJersey() {
        JERSEY_RESPONDER.setFilter(record -> record.getThrown() == null || !causedBy(record.getThrown()));
    }
}
