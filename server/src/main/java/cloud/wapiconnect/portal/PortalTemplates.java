package cloud.wapiconnect.portal;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.StringWriter;
import java.util.Map;

/**
 * The portal's HTML: logic-less Mustache templates under {@code portal/templates} on the class path,
 * HTML-escaped by default, compiled once and cached by the factory.
 */
@ApplicationScoped
public class PortalTemplates {
    private final MustacheFactory factory = new DefaultMustacheFactory("portal/templates");

    public String render(String template, Map<String, Object> scope) {
        Mustache mustache = factory.compile(template + ".mustache");
        StringWriter out = new StringWriter();
        mustache.execute(out, scope);
        return out.toString();
    }
}
