package cloud.wapiconnect.bulk;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a bulk job's placeholders per recipient: {@code {{name}}} and {@code {{phone}}} always (empty when
 * unknown), {@code {{key}}} from the recipient's variables when it has that key; any other {@code {{…}}} is left as
 * written, so texts that happen to contain braces are sent as they were before variables existed.
 */
public final class Personalisation {
    /** A variable's name: what may stand between the braces. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(" + KEY.pattern() + ")}}");

    private Personalisation() {}

    /** The template for one recipient (what {@code send-bulk} sends it, and what the portal's preview shows). */
    public static String fill(String template, String phone, String name, Map<String, String> variables) {
        if (template == null || template.indexOf("{{") < 0) {
            return template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length());
        while (m.find()) {
            String key = m.group(1);
            String value = switch (key) {
                case "name" -> name == null ? "" : name;
                case "phone" -> phone == null ? "" : phone;
                default -> variables.get(key);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
