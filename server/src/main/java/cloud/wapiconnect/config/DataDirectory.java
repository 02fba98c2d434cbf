package cloud.wapiconnect.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code WAPI_DATA_DIR} holds the embedded database, generated keys and the bridge's files: readable by the
 * server's own user only. The directory is made {@code 0700} (tightened if it already exists) before anything
 * is written into it, and the files written here are {@code 0600} from their first byte. On a file system
 * without POSIX permissions nothing is changed: the directory's own access control applies.
 */
public final class DataDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {}

    /** Creates the directory (and its parents) if missing, and makes it accessible to this user only. */
    public static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            if (posix(dir)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    /**
     * Writes a small file that is {@code 0600} from the start: written and synced to a new temporary file created
     * with those permissions, then moved into place (never a moment when another user could open it, nor one
     * when the name holds a partial file).
     */
    public static void writePrivate(Path file, String content) {
        put(
                file,
                content,
                tmp -> Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
    }

    /**
     * Like {@link #writePrivate}, but only if the file does not exist yet: another process that created it first
     * keeps its content (the file is linked into place, which fails if the name is taken).
     *
     * @return whether this call created it
     */
    public static boolean createPrivate(Path file, String content) {
        try {
            put(file, content, tmp -> Files.createLink(file, tmp));
            return true;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException) {
                return false;
            }
            throw e;
        }
    }

    private interface Placement {
        void place(Path tmp) throws IOException;
    }

    private static void put(Path file, String content, Placement placement) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", ownerOnly(dir));
            try {
                Files.writeString(tmp, content, StandardCharsets.UTF_8);
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                placement.place(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Makes files another component created in the directory (the embedded database's files) {@code 0600}; those
     * whose names start with {@code prefix}.
     */
    public static void restrictFiles(Path dir, String prefix) {
        if (!Files.isDirectory(dir) || !posix(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith(prefix))
                    .toList()) {
                Files.setPosixFilePermissions(f, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict the files in " + dir, e);
        }
    }

    /** The attributes that create a file as {@code 0600} in {@code dir} (none where permissions are not POSIX). */
    public static FileAttribute<?>[] ownerOnly(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
