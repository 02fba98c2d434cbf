package cloud.wapiconnect.event;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.WapiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Keeps event ids from ever being handed out twice on the embedded database, even if its file lost the
 * last writes (a machine that crashed before the OS wrote them out: H2 does not fsync its commits).
 * Clients dedupe webhooks on the event id and resume streams after the last id they saw, so an id handed
 * out again would make them drop or skip new events silently.
 * <p>
 * The floor is a file, {@code WAPI_DATA_DIR/event-id-floor}, fsynced, holding an id that no event id
 * has passed yet. It is raised in blocks: before an event whose id is above it can commit (so before any
 * stream or webhook sees that id) it is set {@value #BLOCK} higher. At start-up, the database's id
 * sequence restarts above it; the ids skipped that way are {@link #neverWritten()}.
 * <p>
 * On MariaDB there is nothing to do: ids come from InnoDB's AUTO_INCREMENT, which since MariaDB 10.2.4 is
 * persistent (redo-logged with the insert, so never below a committed row, also across crashes, restarts
 * and purges of the whole log), and one counter serves every node sharing the database, where a file
 * on one node could not.
 */
@ApplicationScoped
public class EventIdFloor {
    private static final Logger LOG = Logger.getLogger(EventIdFloor.class.getName());
    static final String FILE = "event-id-floor";
    /** Ids reserved per fsync: the most a restart can skip. */
    static final long BLOCK = 1000;

    private final EventRepository events;
    private final boolean enabled;
    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long floor;
    private volatile boolean started;
    private IdRange neverWritten = new IdRange(0, 0);

    @Inject
    public EventIdFloor(EventRepository events, WapiConfig config) {
        this.events = events;
        this.enabled = config.embeddedDatabase();
        this.file = config.dataDir().toAbsolutePath().resolve(FILE);
    }

    /**
     * Restarts the id sequence above the floor. Called once at start-up, after the schema is migrated and
     * before any event is written.
     */
    public void start() {
        lock.lock();
        try {
            if (started || !enabled) {
                started = true;
                return;
            }
            long highest = events.maxId();
            if (Files.exists(file)) {
                long next = Math.max(read(), highest) + 1;
                events.restartIdsAt(next);
                floor = next - 1;
                neverWritten = new IdRange(highest, next - 1);
                if (next - 1 > highest) {
                    LOG.fine(() -> "Event ids continue at " + next + " (stored up to " + highest + ")");
                }
            } else {
                // First start, or a data directory from before the floor: ids go on from where the
                // sequence is, and the first event sets the floor.
                floor = 0;
            }
            started = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes sure the floor is above an id just taken for an event that has not committed yet; raises it
     * (one fsync) when it is not.
     *
     * @throws UncheckedIOException when the floor cannot be written: the event must not commit then
     */
    public void cover(long id) {
        if (!enabled || id <= floor) {
            return;
        }
        lock.lock();
        try {
            if (id > floor) {
                write(id + BLOCK);
                floor = id + BLOCK;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ids after {@code after} up to and including {@code through}; empty when they are equal. */
    public record IdRange(long after, long through) {
        public boolean contains(long id) {
            return id > after && id <= through;
        }
    }

    /** The ids the start-up restart skipped: no event will ever have one, so readers need not wait for them. */
    public IdRange neverWritten() {
        lock.lock();
        try {
            return neverWritten;
        } finally {
            lock.unlock();
        }
    }

    private long read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(file + " should hold the highest event id handed out (a number), not \"" + text
                + "\"; if it was damaged, put a number above every event id clients have seen in it");
    }

    /** Replaces the file atomically: a crash leaves the old floor or the new one, never a torn one. */
    private void write(long value) {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    tmp,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    DataDirectory.ownerOnly(file.getParent()))) {
                ByteBuffer bytes = ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Makes the rename itself durable; possible on Linux and macOS, not on Windows (where it is skipped). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; NTFS journals the rename itself.
        }
    }
}
