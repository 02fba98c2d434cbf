package cloud.wapiconnect.client.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The recipients of {@code wapi bulk send --csv}: a header row with a {@code phone} column, an optional {@code name}
 * column and any others (their names, lower-cased, are the {@code {{column}}} placeholders), then one row per
 * recipient. Column names are matched without regard to case; a UTF-8 byte-order mark (as spreadsheets write) is
 * ignored; blank lines are skipped.
 */
record BulkCsv(List<String> columns, List<Row> rows) {

    /** One recipient: its phone (never blank), its name (may be empty) and every column's value by column name. */
    record Row(long line, String phone, String name, Map<String, String> values) {}

    static BulkCsv parse(String text, char delimiter) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(delimiter)
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.builder()
                .setReader(new StringReader(text))
                .setFormat(format)
                .get()) {
            List<String> columns = parser.getHeaderNames().stream()
                    .map(c -> c.strip().toLowerCase(Locale.ROOT))
                    .toList();
            if (columns.stream().distinct().count() != columns.size()) {
                throw new UsageError("the CSV's header row names a column twice: " + String.join(", ", columns));
            }
            if (!columns.contains("phone")) {
                throw new UsageError("the CSV needs a header row with a phone column"
                        + (columns.isEmpty() ? "" : " (its columns: " + String.join(", ", columns) + ")"));
            }
            List<Row> rows = new ArrayList<>();
            Lines lines = new Lines(text);
            for (CSVRecord record : parser) {
                long line = lines.at(record.getCharacterPosition());
                if (record.size() != columns.size()) {
                    throw new UsageError(
                            "CSV line " + line + ": " + record.size() + " fields, the header has " + columns.size());
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), record.get(i));
                }
                String phone = values.get("phone");
                if (phone.isEmpty()) {
                    throw new UsageError("CSV line " + line + ": no phone");
                }
                rows.add(new Row(line, phone, values.getOrDefault("name", ""), values));
            }
            if (rows.isEmpty()) {
                throw new UsageError("the CSV has no recipients (a header row, then one row per recipient)");
            }
            return new BulkCsv(columns, List.copyOf(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv's word for a malformed file (an unclosed quote, a missing header)
            throw new UsageError("the CSV cannot be read: " + e.getMessage());
        }
    }

    /** Line numbers of character positions, read forwards once (a quoted field may span lines). */
    private static final class Lines {
        private final String text;
        private int position;
        private long line = 1;

        Lines(String text) {
            this.text = text;
        }

        long at(long characterPosition) {
            // The parser's position of a record may be that of the blank lines it skipped before it.
            int start = (int) Math.min(characterPosition, text.length());
            while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
                start++;
            }
            for (; position < start; position++) {
                if (text.charAt(position) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
