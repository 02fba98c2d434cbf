package cloud.wapiconnect.rest.dto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.json.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MediaBase64DeserializerTest {
    /** Base64 of 16 MB is longer than the longest string Jackson builds (20 million characters). */
    private static final byte[] MEDIA = random(16 * 1024 * 1024);

    @Test
    void mediaBase64IsDecodedFromTheStreamNotFromAStringJacksonBuilt() throws IOException {
        byte[] body = body(MEDIA);
        BodySource source = new BodySource(new ByteArrayInputStream(body), body.length, Long.MAX_VALUE);
        ObjectReader reader = Json.MAPPER.readerFor(SendBody.class).withAttribute(BodySource.class, source);
        try (JsonParser parser = reader.createParser(source)) {
            SendBody read = reader.readValue(parser);
            assertEquals(
                    Sha256.hex(MEDIA), read.mediaBase64().bytes(Long.MAX_VALUE).sha256());
            assertEquals("after", read.message(), "the fields after the media are read on from where it ended");
            assertEquals("919876543210", read.to());
        }
        // Through Jackson's text it would not even fit.
        assertThrows(IOException.class, () -> Json.MAPPER.readValue(body, SendBody.class));
    }

    private static byte[] body(byte[] media) {
        return ("{\"to\":\"919876543210\",\"mediaBase64\":\"data:image/jpeg;base64,"
                        + Base64.getEncoder().encodeToString(media) + "\",\"message\":\"after\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }
}
