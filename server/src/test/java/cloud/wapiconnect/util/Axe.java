package cloud.wapiconnect.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/** axe-core (src/portal-a11y, pinned, installed by src/scripts/chromium.sh) run on the page a browser shows. */
public final class Axe {
    public static final Path SCRIPT = Path.of("..", "src", "portal-a11y", "node_modules", "axe-core", "axe.min.js");

    private Axe() {}

    /** The serious and critical violations (WCAG 2.x A/AA rules and best practices) of the page as it is now. */
    public static List<String> seriousViolations(JavascriptExecutor browser) throws IOException {
        browser.executeScript(Files.readString(SCRIPT));
        Object found = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        return new ArrayList<>((List<?>) found).stream().map(String::valueOf).toList();
    }
}
