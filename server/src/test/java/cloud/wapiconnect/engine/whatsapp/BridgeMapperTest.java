package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.bridge.v1.SendRequest;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.MessageRef;
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

    @Test
    void aForwardNamesTheOriginalInItsOwnChat() {
        SendRequest request = send(new OutgoingContent.Forward(
                new MessageRef("3EB0ORIG", false, "919800000002@s.whatsapp.net", "Our address"),
                "120363012345678901@g.us",
                "text",
                "Our address"));
        assertEquals("3EB0ORIG", request.getForward().getOriginal().getId());
        assertFalse(request.getForward().getOriginal().getFromMe());
        assertEquals(
                "919800000002@s.whatsapp.net",
                request.getForward().getOriginal().getParticipant());
        assertEquals("120363012345678901@g.us", request.getForward().getOriginalChat());
        assertEquals("text", request.getForward().getType());
        assertEquals("Our address", request.getForward().getText());
    }

    @Test
    void theOtherSidesEditsAndRevokesKeepTheOriginalId() {
        IncomingEdit edit = BridgeMapper.incomingEdit(cloud.wapiconnect.bridge.v1.IncomingEdit.newBuilder()
                .setMessageId("3EB0THEIRS")
                .setFrom("919800000002@s.whatsapp.net")
                .setBody("Meet at 6")
                .setTimestamp(1_735_689_600_000L)
                .build());
        assertEquals(
                new IncomingEdit("3EB0THEIRS", "919800000002@s.whatsapp.net", null, "Meet at 6", 1_735_689_600_000L),
                edit);
        IncomingRevoke revoke = BridgeMapper.incomingRevoke(cloud.wapiconnect.bridge.v1.IncomingRevoke.newBuilder()
                .setMessageId("3EB0THEIRS")
                .setFrom("120363012345678901@g.us")
                .setParticipant("919800000002@s.whatsapp.net")
                .setTimestamp(1_735_689_600_000L)
                .build());
        assertEquals(
                new IncomingRevoke(
                        "3EB0THEIRS", "120363012345678901@g.us", "919800000002@s.whatsapp.net", 1_735_689_600_000L),
                revoke);
    }

    @Test
    void changesNameTheMessageAsItsChatAddressesIt() {
        var request = BridgeMapper.change(
                        SESSION, "919800000002@s.whatsapp.net", new MessageRef("3EB0OURS", true, null, "hi"))
                .setEdit("hello")
                .build();
        assertEquals("t1", request.getSession().getTenantId());
        assertEquals("919800000002@s.whatsapp.net", request.getChatJid());
        assertEquals("3EB0OURS", request.getTarget().getId());
        assertTrue(request.getTarget().getFromMe());
        assertEquals("", request.getTarget().getParticipant());
        assertEquals("hello", request.getEdit());
    }

    @Test
    void mediaThePhoneDidNotUploadAgainIsMediaNotFoundSayingWhy() {
        EngineException e =
                BridgeMapper.mediaExpired("3EB0OLD", "the phone did not upload it again: no answer within 7500 ms");
        assertEquals(ErrorCode.MEDIA_NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("3EB0OLD"), e.getMessage());
        assertTrue(e.getMessage().contains("no answer within 7500 ms"), e.getMessage());
    }
}
