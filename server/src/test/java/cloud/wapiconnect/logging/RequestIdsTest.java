package cloud.wapiconnect.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void aPlausibleCallerIdIsKeptAnythingElseIsReplaced() {
        assertEquals("abc-123_X.y:z", RequestIds.accept("abc-123_X.y:z"));
        String longest = "a".repeat(RequestIds.MAX_LENGTH);
        assertEquals(longest, RequestIds.accept(longest));
        for (String bad : new String[] {
            null, "", "a".repeat(RequestIds.MAX_LENGTH + 1), "has space", "new\nline", "tab\t", "é", "\u0000"
        }) {
            String id = RequestIds.accept(bad);
            assertNotEquals(bad, id);
            assertTrue(RequestIds.valid(id), id);
        }
        assertNotEquals(RequestIds.accept(null), RequestIds.accept(null), "new ids differ");
    }
}
