package cloud.wapiconnect.portal;

import cloud.wapiconnect.bulk.Personalisation;
import cloud.wapiconnect.bulk.RecipientInput;
import cloud.wapiconnect.error.WapiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A campaign's recipient list as people export it from a spreadsheet: UTF-8 text (a byte-order mark is
 * ignored), comma- or semicolon-separated, a header row naming a {@code phone} column, an optional {@code name}
 * column, and any other columns, whose header becomes the {@code {{column}}} placeholder they fill (the bulk job's
 * per-recipient variables). Blank rows are skipped. Errors name the spreadsheet row (the header is row 1).
 * Parsing only: what a valid phone number or variable is, the bulk job service decides.
 */
final class CampaignCsv {
    /** The largest file taken (about 100,000 rows of a few columns). */
    static final int MAX_BYTES = 5 * 1024 * 1024;

    private CampaignCsv() {}

    /**
     * @param rows the spreadsheet row of each recipient, in order (for the service's errors, which name indexes)
     */
    record Parsed(List<String> columns, List<RecipientInput> recipients, List<Integer> rows) {
        /** The spreadsheet row of the recipient at a list index. */
        int row(int index) {
            return index >= 0 && index < rows.size() ? rows.get(index) : index + 2;
        }
    }

    /** @throws WapiException {@code INVALID_REQUEST} saying which row or column is wrong */
    static Parsed parse(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BYTES) {
            throw WapiException.invalid("The CSV file is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        return parse(text(bytes));
    }

    static Parsed parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw WapiException.invalid("The CSV file is empty: it needs a header row with a phone column");
        }
        int lineEnd = text.indexOf('\n');
        String firstLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        char delimiter = firstLine.indexOf(';') >= 0 && firstLine.indexOf(',') < 0 ? ';' : ',';
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .setTrim(true)
                .get();
        List<String> header = null;
        int phoneColumn = -1;
        int nameColumn = -1;
        List<RecipientInput> recipients = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            for (CSVRecord record : parser) {
                int row = Math.toIntExact(record.getRecordNumber());
                if (isBlank(record)) {
                    continue;
                }
                if (header == null) {
                    header = record.toList().stream().map(String::strip).toList();
                    for (int i = 0; i < header.size(); i++) {
                        String column = header.get(i);
                        String lower = column.toLowerCase(Locale.ROOT);
                        if (lower.equals("phone") && phoneColumn < 0) {
                            phoneColumn = i;
                        } else if (lower.equals("name") && nameColumn < 0) {
                            nameColumn = i;
                        } else if (!Personalisation.KEY.matcher(column).matches()
                                || lower.equals("phone")
                                || lower.equals("name")) {
                            throw WapiException.invalid(
                                    "Row " + row + ", column " + (i + 1) + ": the header '"
                                            + column
                                            + "' cannot be a placeholder (use 1 to 40 letters, digits or _, not starting with a digit, each once)");
                        } else if (header.subList(0, i).contains(column)) {
                            throw WapiException.invalid(
                                    "Row " + row + ", column " + (i + 1) + ": the header '" + column + "' repeats");
                        }
                    }
                    if (phoneColumn < 0) {
                        throw WapiException.invalid(
                                "Row " + row + ": the header row needs a column named phone (found: "
                                        + String.join(", ", header) + ")");
                    }
                    continue;
                }
                if (record.size() != header.size()) {
                    throw WapiException.invalid(
                            "Row " + row + " has " + record.size() + " fields; the header has " + header.size());
                }
                String phone = record.get(phoneColumn);
                if (phone.isEmpty()) {
                    throw WapiException.invalid("Row " + row + ": the phone is empty");
                }
                Map<String, String> variables = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    if (i != phoneColumn && i != nameColumn) {
                        variables.put(header.get(i), record.get(i));
                    }
                }
                String name = nameColumn < 0 ? null : record.get(nameColumn);
                recipients.add(new RecipientInput(phone, name, variables));
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException e) {
            // Commons CSV reports a malformed quote as an I/O error naming the line.
            throw WapiException.invalid("The CSV file is malformed: " + e.getMessage());
        }
        if (header == null) {
            throw WapiException.invalid("The CSV file is empty: it needs a header row with a phone column");
        }
        if (recipients.isEmpty()) {
            throw WapiException.invalid("The CSV file has a header row but no recipients");
        }
        List<String> columns = header;
        return new Parsed(columns, recipients, rows);
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw WapiException.invalid("The CSV file is not UTF-8 text (in a spreadsheet: save as \"CSV UTF-8\")");
        }
    }
}
