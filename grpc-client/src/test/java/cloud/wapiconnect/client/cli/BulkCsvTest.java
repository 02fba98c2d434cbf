package cloud.wapiconnect.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkCsvTest {
    @Test
    void readsPhoneNameAndOtherColumnsWhateverTheirCaseAndOrder() {
        BulkCsv csv = BulkCsv.parse(
                "\uFEFFCity,Name,PHONE\nPune,Asha,919876543210\n\n\"Delhi, NCR\",\"Ravi \"\"R\"\"\",919876543211\n",
                ',');
        assertEquals(List.of("city", "name", "phone"), csv.columns());
        assertEquals(2, csv.rows().size());
        BulkCsv.Row ravi = csv.rows().get(1);
        assertEquals("919876543211", ravi.phone());
        assertEquals("Ravi \"R\"", ravi.name());
        assertEquals(Map.of("city", "Delhi, NCR", "name", "Ravi \"R\"", "phone", "919876543211"), ravi.values());
        assertEquals(4, ravi.line());
    }

    @Test
    void nameIsOptionalAndSemicolonsWorkAsDelimiter() {
        BulkCsv csv = BulkCsv.parse("phone;shop\n919876543210;Main St\n", ';');
        assertEquals("", csv.rows().getFirst().name());
        assertEquals("Main St", csv.rows().getFirst().values().get("shop"));
    }

    @Test
    void refusesWhatItCannotSendRight() {
        assertMessage("phone column", () -> BulkCsv.parse("number,name\n919876543210,Asha\n", ','));
        assertMessage("CSV line 3: no phone", () -> BulkCsv.parse("phone,name\n919876543210,Asha\n,Ravi\n", ','));
        assertMessage("CSV line 2: 3 fields", () -> BulkCsv.parse("phone,name\n919876543210,Asha,extra\n", ','));
        assertMessage("no recipients", () -> BulkCsv.parse("phone,name\n", ','));
        assertMessage("twice", () -> BulkCsv.parse("phone,Phone\n1,2\n", ','));
        assertMessage("cannot be read", () -> BulkCsv.parse("phone,name\n919876543210,\"Asha\n", ','));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable parse) {
        UsageError e = assertThrows(UsageError.class, parse);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
