package cloud.wapiconnect.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The status filters of the two bulk listings, as a query parameter gives them. */
class BulkStatusFilterTest {
    @Test
    void aJobsStatusInAnyCase() {
        assertEquals(Optional.empty(), BulkJobStatus.filter(null));
        assertEquals(Optional.empty(), BulkJobStatus.filter(" "));
        assertEquals(Optional.of(BulkJobStatus.COMPLETED), BulkJobStatus.filter(" Completed "));
        WapiException e = assertThrows(WapiException.class, () -> BulkJobStatus.filter("cancelled"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("status must be one of [pending, running, completed, failed]", e.getMessage());
    }

    @Test
    void aRecipientsStatusExactly() {
        assertEquals(Optional.empty(), BulkRecipientStatus.filter(null));
        assertEquals(Optional.empty(), BulkRecipientStatus.filter(""));
        assertEquals(Optional.of(BulkRecipientStatus.SKIPPED), BulkRecipientStatus.filter(" skipped "));
        WapiException e = assertThrows(WapiException.class, () -> BulkRecipientStatus.filter("SENT"));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("status must be one of pending, sent, failed, skipped", e.getMessage());
    }
}
