package cloud.wapiconnect.client.cli;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{column}}} placeholders of {@code wapi bulk send}'s texts against its CSV. The server fills them per
 * recipient: {@code {{name}}} and {@code {{phone}}} from the recipient, any other {@code {{key}}} from the
 * recipient's variables ({@code BulkRecipientInput.variables}), and leaves a placeholder it has no value for as
 * written. Here each placeholder is written as the server spells it (the column's name, lower case: columns match
 * without regard to case), must name a column, so that a typo is refused instead of sent, and only the columns the
 * texts use travel as variables.
 */
final class BulkTemplate {
    /** The server's bound on a recipient's variables. */
    static final int MAX_VARIABLES = 20;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    /** What the server accepts as a variable's name. */
    private static final Pattern KEY = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

    private static final Set<String> FILLED_FROM_THE_RECIPIENT = Set.of("name", "phone");

    private final BulkCsv csv;
    private final Set<String> used = new LinkedHashSet<>();

    BulkTemplate(BulkCsv csv) {
        this.csv = csv;
    }

    /**
     * The text to send, its placeholders in the server's spelling ({@code {{ City }}} becomes {@code {{city}}}).
     *
     * @throws UsageError for a placeholder that names no column ({@code {{name}}} without a name column too), a
     *                    column whose name cannot be a placeholder, or more than {@link #MAX_VARIABLES} columns
     */
    String fill(String text) {
        if (text == null || text.indexOf("{{") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String column = m.group(1).strip().toLowerCase(Locale.ROOT);
            if (!csv.columns().contains(column) && !column.equals("phone")) {
                throw new UsageError("{{" + m.group(1) + "}} names no column of the CSV (its columns: "
                        + String.join(", ", csv.columns()) + ")");
            }
            if (!KEY.matcher(column).matches()) {
                throw new UsageError("{{" + m.group(1) + "}}: a placeholder is 1 to 40 letters, digits or _;"
                        + " rename the CSV's column");
            }
            if (!FILLED_FROM_THE_RECIPIENT.contains(column)) {
                used.add(column);
                if (used.size() > MAX_VARIABLES) {
                    throw new UsageError("the texts use more than " + MAX_VARIABLES + " columns");
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement("{{" + column + "}}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The recipient's values of the columns the texts use (after every {@link #fill}), beside its name and phone. */
    Map<String, String> variables(BulkCsv.Row row) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String column : used) {
            variables.put(column, row.values().get(column));
        }
        return variables;
    }
}
