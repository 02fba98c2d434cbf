package cloud.wapiconnect.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BulkTemplateTest {
    private static final BulkCsv CSV = BulkCsv.parse(
            "phone,name,shop,city\n919876543210,Asha,Main St,Pune\n919876543211,Ravi,Main St,Delhi\n", ',');

    @Test
    void nameAndPhoneAreLeftToTheServerInItsSpelling() {
        assertEquals("Hi {{name}} ({{phone}})", BulkTemplate.fill("Hi {{ Name }} ({{PHONE}})", CSV));
    }

    @Test
    void aColumnWithOneValueIsFilledHere() {
        assertEquals(
                "Hi {{name}}, see you at Main St $1", BulkTemplate.fill("Hi {{name}}, see you at {{shop}} $1", CSV));
        assertEquals("no placeholders", BulkTemplate.fill("no placeholders", CSV));
    }

    @Test
    void aColumnThatDiffersPerRowOrNoColumnIsRefused() {
        UsageError differs = assertThrows(UsageError.class, () -> BulkTemplate.fill("Hello {{city}}", CSV));
        assertTrue(differs.getMessage().contains("{{city}} differs between rows (Pune, Delhi)"), differs.getMessage());
        UsageError unknown = assertThrows(UsageError.class, () -> BulkTemplate.fill("Hello {{nmae}}", CSV));
        assertTrue(unknown.getMessage().contains("{{nmae}} names no column"), unknown.getMessage());
        BulkCsv nameless = BulkCsv.parse("phone\n919876543210\n", ',');
        assertThrows(UsageError.class, () -> BulkTemplate.fill("Hi {{name}}", nameless));
        assertEquals("to {{phone}}", BulkTemplate.fill("to {{phone}}", nameless));
    }
}
