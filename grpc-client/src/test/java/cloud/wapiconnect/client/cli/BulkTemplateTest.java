package cloud.wapiconnect.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BulkTemplateTest {
    private static final BulkCsv CSV = BulkCsv.parse(
            "phone,name,Shop,CITY,first name\n919876543210,Asha,Main St,Pune,A\n919876543211,Ravi,Main St,Delhi,R\n",
            ',');

    @Test
    void placeholdersAreWrittenAsTheServerSpellsThemAndOnlyUsedColumnsTravel() {
        BulkTemplate template = new BulkTemplate(CSV);
        assertEquals(
                "Hi {{name}} ({{phone}}) in {{city}} $1", template.fill("Hi {{ Name }} ({{PHONE}}) in {{City}} $1"));
        assertEquals("no placeholders", template.fill("no placeholders"));
        assertEquals(Map.of("city", "Delhi"), template.variables(CSV.rows().get(1)));
        assertEquals("at {{shop}}", template.fill("at {{shop}}"));
        assertEquals(
                Map.of("city", "Pune", "shop", "Main St"),
                template.variables(CSV.rows().getFirst()));
    }

    @Test
    void aPlaceholderThatNamesNoColumnOrCannotBeAVariableIsRefused() {
        BulkTemplate template = new BulkTemplate(CSV);
        UsageError unknown = assertThrows(UsageError.class, () -> template.fill("Hello {{nmae}}"));
        assertTrue(unknown.getMessage().contains("{{nmae}} names no column"), unknown.getMessage());
        UsageError spaced = assertThrows(UsageError.class, () -> template.fill("Hello {{first name}}"));
        assertTrue(spaced.getMessage().contains("letters, digits or _"), spaced.getMessage());
        BulkTemplate nameless = new BulkTemplate(BulkCsv.parse("phone\n919876543210\n", ','));
        assertThrows(UsageError.class, () -> nameless.fill("Hi {{name}}"));
        assertEquals("to {{phone}}", nameless.fill("to {{phone}}"));
    }
}
