package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.bridge.v1.SendRequest;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class BridgeMapperTest {
    private static final SessionKey SESSION = new SessionKey("t1", "main");

    private static SendRequest send(OutgoingContent content) {
        return BridgeMapper.send(
                SESSION, new OutgoingMessage("3EB0A", "919876543211@s.whatsapp.net", content, null, List.of()));
    }

    @Test
    void theServersLinkPreviewTravelsWithTheText() {
        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 1};
        SendRequest request = send(new OutgoingContent.Text("see https://example.com", true)
                .withPreview(new LinkPreview("https://example.com/", "https://example.com", "Example", null, jpeg)));
        assertTrue(request.getText().hasPreview());
        assertEquals("https://example.com/", request.getText().getPreview().getCanonicalUrl());
        assertEquals("https://example.com", request.getText().getPreview().getMatchedText());
        assertEquals("Example", request.getText().getPreview().getTitle());
        assertEquals("", request.getText().getPreview().getDescription());
        assertArrayEquals(
                jpeg, request.getText().getPreview().getJpegThumbnail().toByteArray());

        SendRequest without = send(new OutgoingContent.Text("see https://example.com", false));
        assertFalse(without.getText().hasPreview());
        assertTrue(without.getText().getNoLinkPreview());
    }
}
