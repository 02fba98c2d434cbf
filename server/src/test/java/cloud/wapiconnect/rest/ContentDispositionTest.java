package cloud.wapiconnect.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {
    @Test
    void aPlainNameIsQuotedAsIs() {
        assertEquals(
                "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf",
                ContentDisposition.attachment("invoice.pdf", "3EB0"));
    }

    @Test
    void quotesSeparatorsAndControlCharactersFromTheSendersPhoneNeverReachTheHeader() {
        assertEquals(
                "attachment; filename=\"_etc_passwd____x\"; filename*=UTF-8''_etc_passwd____x",
                ContentDisposition.attachment("/etc/passwd\r\n\"\\x", "3EB0"));
    }

    @Test
    void aNonAsciiNameHasAnAsciiFallbackAndTheUtf8Name() {
        assertEquals(
                "attachment; filename=\"_t_.jpg\"; filename*=UTF-8''%C3%A9t%C3%A9.jpg",
                ContentDisposition.attachment("été.jpg", "3EB0"));
    }

    @Test
    void withoutANameTheMessageIdIsTheName() {
        assertEquals(
                "attachment; filename=\"3EB0\"; filename*=UTF-8''3EB0", ContentDisposition.attachment(null, "3EB0"));
        assertEquals(
                "attachment; filename=\"3EB0\"; filename*=UTF-8''3EB0", ContentDisposition.attachment("  ", "3EB0"));
    }
}
