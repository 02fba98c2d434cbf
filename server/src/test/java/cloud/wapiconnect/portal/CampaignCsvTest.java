package cloud.wapiconnect.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.bulk.RecipientInput;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How spreadsheets' CSV exports become a campaign's recipients, and how a bad one is named. */
class CampaignCsvTest {
    @Test
    void columnsBeyondPhoneAndNameBecomeEachRowsVariables() {
        CampaignCsv.Parsed csv = CampaignCsv.parse("""
                Phone , Name ,order,city
                919876543210,Asha,A-17,"Pune, MH"
                "919876543211",,"B ""2""\",
                """);
        assertEquals(List.of("Phone", "Name", "order", "city"), csv.columns());
        assertEquals(
                List.of(
                        new RecipientInput("919876543210", "Asha", Map.of("order", "A-17", "city", "Pune, MH")),
                        new RecipientInput("919876543211", "", Map.of("order", "B \"2\"", "city", ""))),
                csv.recipients());
        assertEquals(List.of(2, 3), csv.rows());
    }

    @Test
    void excelsByteOrderMarkSemicolonsAndBlankRowsAreTakenAndRowsKeepTheirSpreadsheetNumbers() {
        CampaignCsv.Parsed csv =
                CampaignCsv.parse("\uFEFFphone;name\r\n\r\n919876543210;Asha\r\n;\r\n919876543211;Ravi\r\n");
        assertEquals(2, csv.recipients().size());
        assertEquals("Ravi", csv.recipients().get(1).name());
        assertEquals(List.of(3, 5), csv.rows());
        assertEquals(5, csv.row(1));
    }

    @Test
    void aBadFileIsNamedByItsRowOrColumn() {
        assertInvalid("phone,name\n919876543210,Asha\n919876543211\n", "Row 3 has 1 fields; the header has 2");
        assertInvalid("phone,name\n919876543210,Asha\n,Ravi\n", "Row 3: the phone is empty");
        assertInvalid("mobile,name\n919876543210,Asha\n", "needs a column named phone");
        assertInvalid("phone,first name\n919876543210,Asha\n", "Row 1, column 2: the header 'first name'");
        assertInvalid("phone,order,order\n919876543210,a,b\n", "column 3: the header 'order' repeats");
        assertInvalid("phone,Phone\n919876543210,1\n", "column 2");
        assertInvalid("phone\n", "no recipients");
        assertInvalid("\n\n", "empty");
        assertInvalid("phone\n919876543210\n\"unclosed\n", "malformed");
    }

    @Test
    void aFileBeyondTheBoundOrNotInUtf8IsRefused() {
        byte[] big = new byte[CampaignCsv.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '1');
        WapiException tooBig =
                assertThrows(WapiException.class, () -> CampaignCsv.parse(new ByteArrayInputStream(big)));
        assertTrue(tooBig.getMessage().contains("larger than 5 MB"), tooBig.getMessage());
        WapiException latin1 = assertThrows(
                WapiException.class,
                () -> CampaignCsv.parse(new ByteArrayInputStream(
                        "phone,name\n919876543210,Jos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1))));
        assertTrue(latin1.getMessage().contains("not UTF-8"), latin1.getMessage());
    }

    @Test
    void resultCellsThatASpreadsheetWouldRunAsAFormulaAreText() {
        for (String formula : List.of("=1+1", "+91 98765", "-3", "@SUM(A1)", "\tx", "\rx")) {
            assertEquals("'" + formula, PortalCampaignsResource.spreadsheetSafe(formula));
        }
        for (String plain : List.of("919876543210", "Asha", "RECIPIENT_NOT_ON_WHATSAPP", "")) {
            assertEquals(plain, PortalCampaignsResource.spreadsheetSafe(plain));
        }
    }

    private static void assertInvalid(String csv, String says) {
        WapiException e = assertThrows(WapiException.class, () -> CampaignCsv.parse(csv));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
