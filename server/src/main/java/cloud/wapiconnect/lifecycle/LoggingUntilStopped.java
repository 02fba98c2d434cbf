package cloud.wapiconnect.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps logging alive while the server stops. On SIGTERM the JVM starts every shutdown hook at once:
 * java.util.logging's own hook closes all handlers, and whatever is logged while the server stops — the
 * shutdown steps, a worker's error — can vanish. (Helidon guards against this by joining its shutdown
 * thread when its handler is closed, which does nothing if that thread has not started yet.) This handler
 * is the root logger's first, so it is closed first; during JVM shutdown closing it waits until the
 * application has stopped, while the other handlers keep writing.
 */
final class LoggingUntilStopped extends Handler {
    private static final Duration MAX_WAIT = Duration.ofSeconds(20);
    private static volatile CountDownLatch stopped = new CountDownLatch(1);

    private LoggingUntilStopped() {}

    /** Puts the guard first among the root logger's handlers (once; again after a restart in the same JVM). */
    static synchronized void install() {
        stopped = new CountDownLatch(1);
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof LoggingUntilStopped) {
                root.removeHandler(handler);
            }
        }
        Handler[] others = root.getHandlers();
        for (Handler handler : others) {
            root.removeHandler(handler);
        }
        root.addHandler(new LoggingUntilStopped());
        for (Handler handler : others) {
            root.addHandler(handler);
        }
    }

    /** The application has stopped: logging may close. */
    static void release() {
        stopped.countDown();
    }

    @Override
    public void publish(LogRecord record) {
        // writes nothing: the handlers after it do
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        if (!jvmShuttingDown()) {
            return; // a configuration reload, not the end
        }
        try {
            stopped.await(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM refuses new shutdown hooks once it is shutting down: the one documented way to ask. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }
}
