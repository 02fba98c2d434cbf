package cloud.wapiconnect.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipientTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "919876543210|919876543210@s.whatsapp.net|919876543210",
                "+919876543210|919876543210@s.whatsapp.net|919876543210",
                "+91 98765 43210|919876543210@s.whatsapp.net|919876543210",
                "+1-415-555-0100|14155550100@s.whatsapp.net|14155550100",
                "  4915112345678  |4915112345678@s.whatsapp.net|4915112345678",
                "1234567|1234567@s.whatsapp.net|1234567",
                "123456789012345|123456789012345@s.whatsapp.net|123456789012345",
                "919876543210@s.whatsapp.net|919876543210@s.whatsapp.net|919876543210",
                "919876543210@c.us|919876543210@s.whatsapp.net|919876543210",
                "120363025246125486@g.us|120363025246125486@g.us|120363025246125486@g.us",
                "919876543210-1612345678@g.us|919876543210-1612345678@g.us|919876543210-1612345678@g.us",
            })
    void normalisesPhonesAndJids(String to, String jid, String display) {
        Recipient recipient = Recipient.parse(to);
        assertEquals(jid, recipient.jid());
        assertEquals(display, recipient.display());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "123456",
                "1234567890123456",
                "0919876543210",
                "91987654321a",
                "++919876543210",
                "91(987)6543210",
                "919876543210@example.com",
                "abc@g.us",
                "@s.whatsapp.net",
                "91.98765.43210",
                "919876543210@s.whatsapp.net@g.us",
                "+"
            })
    void rejectsAnythingElse(String to) {
        WapiException e = assertThrows(WapiException.class, () -> Recipient.parse(to));
        assertEquals(ErrorCode.INVALID_RECIPIENT, e.code());
    }

    @org.junit.jupiter.api.Test
    void rejectsMissing() {
        assertEquals(
                ErrorCode.INVALID_RECIPIENT,
                assertThrows(WapiException.class, () -> Recipient.parse(null)).code());
    }

    @org.junit.jupiter.api.Test
    void aLidIsAPersonOnlyWhereLidsAreAllowed() {
        Recipient lid = Recipient.parseAllowingLid(" 123456789012345:7@lid ");
        assertEquals("123456789012345@lid", lid.jid());
        assertEquals("123456789012345@lid", lid.display());
        assertEquals("123456789012345@lid", lid.lid());
        assertEquals(true, lid.byLid());
        assertEquals(Recipient.parse("919876543210"), Recipient.parseAllowingLid("919876543210"));
        for (String bad : new String[] {"@lid", "12a@lid", "123456789012345678901@lid"}) {
            assertEquals(
                    ErrorCode.INVALID_RECIPIENT,
                    assertThrows(WapiException.class, () -> Recipient.parseAllowingLid(bad))
                            .code(),
                    bad);
        }
        assertEquals(
                ErrorCode.INVALID_RECIPIENT,
                assertThrows(WapiException.class, () -> Recipient.parse("123456789012345@lid"))
                        .code(),
                "where a phone number is asked for, a LID is not one");
    }
}
