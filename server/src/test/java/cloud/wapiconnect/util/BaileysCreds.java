package cloud.wapiconnect.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Real Baileys credentials, made by Baileys' own {@code initAuthCreds} and encoded as the bridge stores them. */
public final class BaileysCreds {
    /** The bridge's directory in this checkout (tests run in {@code server/}). */
    public static final Path BRIDGE_DIR =
            Path.of("..", "src", "bridge").toAbsolutePath().normalize();

    private BaileysCreds() {}

    public static byte[] generate() {
        String script =
                "import('./lib/auth-state.js').then(async a => { const b = await import('@whiskeysockets/baileys');"
                        + " process.stdout.write(a.encode(b.initAuthCreds())); })";
        try {
            Process node = new ProcessBuilder(
                            "node",
                            "--input-type=module",
                            "-e",
                            script.replace("import('./lib", "import('" + BRIDGE_DIR.toUri() + "lib"))
                    .directory(BRIDGE_DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            byte[] out = node.getInputStream().readAllBytes();
            if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0 || out.length == 0) {
                throw new IllegalStateException(
                        "node could not make Baileys credentials (is src/bridge installed? src/scripts/node.sh)");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
