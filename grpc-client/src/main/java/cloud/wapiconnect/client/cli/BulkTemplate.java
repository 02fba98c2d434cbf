package cloud.wapiconnect.client.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{column}}} placeholders of {@code wapi bulk send}'s texts against its CSV. The server fills
 * {@code {{name}}} and {@code {{phone}}} for each recipient (from {@code BulkRecipientInput.name} and the phone); its
 * bulk API carries no other value per recipient and one message per job, so any other column is filled here, once
 * for the whole job, and only when it holds the same value in every row. A column whose values differ between rows,
 * or a placeholder that names no column, is refused rather than sent wrong.
 */
final class BulkTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Set<String> FILLED_BY_SERVER = Set.of("name", "phone");

    private BulkTemplate() {}

    /**
     * The text to send: {@code {{name}}} and {@code {{phone}}} (in any case, with spaces inside the braces) written
     * as the server expects them, the other columns' placeholders replaced by their one value.
     *
     * @throws UsageError for a placeholder that names no column, {@code {{name}}} without a name column, or a
     *                    column whose values differ between rows
     */
    static String fill(String text, BulkCsv csv) {
        if (text == null || text.indexOf("{{") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String column = m.group(1).strip().toLowerCase(Locale.ROOT);
            m.appendReplacement(out, Matcher.quoteReplacement(valueFor(column, csv)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String valueFor(String column, BulkCsv csv) {
        if (!csv.columns().contains(column) && !column.equals("phone")) {
            throw new UsageError("{{" + column + "}} names no column of the CSV (its columns: "
                    + String.join(", ", csv.columns()) + ")");
        }
        if (FILLED_BY_SERVER.contains(column)) {
            return "{{" + column + "}}";
        }
        Set<String> values = new LinkedHashSet<>();
        for (BulkCsv.Row row : csv.rows()) {
            values.add(row.values().get(column));
        }
        if (values.size() > 1) {
            List<String> some = values.stream().limit(3).toList();
            throw new UsageError("{{" + column + "}} differs between rows (" + String.join(", ", some)
                    + (values.size() > some.size() ? ", …" : "")
                    + "): a bulk job is one message whose only per-recipient values are {{name}} and {{phone}};"
                    + " put the value in the name column, or send one job per value");
        }
        return values.iterator().next();
    }
}
