package cloud.wapiconnect.util;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An integration test whose subject is not the database — the transport (timeouts, framing, HTTP/2 flow control),
 * the address guard, the browser, the bridge's protocol — or that starts the embedded H2 itself whatever the pass:
 * it runs once, in the MariaDB pass, instead of identically in both (the H2 execution in server/pom.xml excludes
 * this tag). Whatever touches stored data runs in both passes; when in doubt, leave this off.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DatabaseAgnostic.TAG)
public @interface DatabaseAgnostic {
    String TAG = "database-agnostic";
}
