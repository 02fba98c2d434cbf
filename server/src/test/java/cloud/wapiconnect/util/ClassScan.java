package cloud.wapiconnect.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every class compiled next to a given one (its class-path directory or jar) under a package: for tests that walk all
 * endpoints or services, so that a new one cannot be left out of what they check.
 */
public final class ClassScan {
    private ClassScan() {}

    public static List<Class<?>> classesNextTo(Class<?> anchor, String packageName) {
        try {
            Path root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(root)) {
                return scan(root, packageName);
            }
            try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
                return scan(jar.getPath("/"), packageName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Class<?>> scan(Path root, String packageName) throws IOException {
        Path dir = root.resolve(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .map(ClassScan::load)
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ClassScan.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
