package cloud.wapiconnect.rest.dto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import com.fasterxml.jackson.databind.ObjectReader;
import org.junit.jupiter.api.Test;

class RecipientsDeserializerTest {
    private static final String FIVE =
            "{\"recipients\":[\"919800000001\",919800000002,{\"phone\":\"919800000003\",\"name\":\"Ann\"},"
                    + "{\"phone\":\"919800000004\",\"tags\":[1,[2,{\"x\":3}]]},\"919800000005\"],\"message\":\"hi\"}";

    private static SendBulkBody read(String json, Integer room) throws Exception {
        ObjectReader reader = Json.MAPPER.readerFor(SendBulkBody.class);
        if (room != null) {
            reader = reader.withAttribute(RecipientsDeserializer.Room.class, new RecipientsDeserializer.Room(room));
        }
        return reader.readValue(json);
    }

    @Test
    void withinTheRoomEveryRecipientIsKept() throws Exception {
        SendBulkBody body = read(FIVE, 5);
        assertEquals(5, body.recipients().size());
        assertEquals("Ann", body.toRequest().recipients().get(2).name());
        assertEquals("919800000002", body.toRequest().recipients().get(1).phone());
        assertEquals("hi", body.message(), "the fields after the recipients are read");
    }

    @Test
    void beyondTheRoomTheRestIsCountedAndRefusedWhenReached() throws Exception {
        SendBulkBody body = read(FIVE, 2);
        assertEquals(5, body.toRequest().recipients().size(), "the job's whole size, for the bounds to refuse");
        assertEquals("919800000001", body.toRequest().recipients().get(0).phone());
        WapiException e = assertThrows(
                WapiException.class, () -> body.toRequest().recipients().get(3));
        assertEquals(ErrorCode.BULK_LIMIT_REACHED, e.code());
        assertEquals("hi", body.message(), "skipping nested recipients leaves the parser after the array");
    }

    @Test
    void withoutAnAdmissionEverythingIsKeptAndANonListIsNoList() throws Exception {
        assertEquals(5, read(FIVE, null).recipients().size());
        SendBulkBody notAList = read("{\"recipients\":{\"phone\":\"1\"},\"message\":\"hi\"}", 3);
        assertNull(notAList.recipients());
        assertEquals("hi", notAList.message());
    }
}
