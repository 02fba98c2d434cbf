package cloud.wapiconnect.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.internal.v1.SendRequest;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.session.LiveState;
import cloud.wapiconnect.session.SessionStatus;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What crosses the internal service arrives as it left: every message content, the live state, groups, media
 * and domain failures (code, message, details) survive the owner ⇄ caller round trip unchanged, so a
 * forwarded call's answer cannot differ from the owner's through the mapping.
 */
class LiveSessionsMapperTest {
    private static final SessionKey KEY = new SessionKey("tenant-1", "main");
    private static final MessageRef QUOTED = new MessageRef("3EB0QUOTED", false, "919800000002@s.whatsapp.net", "hi");

    @Test
    void everyContentTypeSurvivesTheRoundTrip() {
        List<OutgoingContent> contents = List.of(
                new OutgoingContent.Text("plain", false),
                new OutgoingContent.Text(
                        "see https://example.com",
                        true,
                        new LinkPreview("https://example.com/", "https://example.com", "Example", null, null)),
                new OutgoingContent.Poll("Lunch?", List.of("Pizza", "Salad"), 1),
                new OutgoingContent.LocationMessage(new Location(12.5, -7.25, "Office", null)),
                new OutgoingContent.LocationMessage(new Location(0, 0, null, "Somewhere 1")),
                new OutgoingContent.ContactsMessage(List.of(
                        new ContactCard("Asha", List.of("+919800000003"), "BEGIN:VCARD\nEND:VCARD"),
                        new ContactCard("Ravi", List.of(), null))),
                new OutgoingContent.ReactionMessage(new MessageRef("3EB0TARGET", true, null, null), "👍"),
                new OutgoingContent.ReactionMessage(QUOTED, ""),
                new OutgoingContent.Forward(QUOTED, "120363000000000001@g.us", "text", "hi"),
                new OutgoingContent.Forward(
                        new MessageRef("3EB0IMG", true, null, null), "919800000005@s.whatsapp.net", "image", null));
        for (OutgoingContent content : contents) {
            OutgoingMessage sent = new OutgoingMessage(
                    "3EB0ID", "919800000001@s.whatsapp.net", content, QUOTED, List.of("919800000004@s.whatsapp.net"));
            assertEquals(sent, roundTrip(sent), content.toString());
        }
        OutgoingMessage plain = new OutgoingMessage("3EB0ID", "120363000000000001@g.us", contents.get(0));
        assertEquals(plain, roundTrip(plain));
    }

    @Test
    void mediaAndPreviewBytesSurviveTheRoundTrip() {
        byte[] bytes = {1, 2, 3, 0, (byte) 0xff};
        byte[] thumbnail = {9, 8, 7};
        OutgoingMessage voice = new OutgoingMessage(
                "3EB0M",
                "919800000001@s.whatsapp.net",
                new OutgoingContent.MediaMessage(
                        new Media(MediaKind.AUDIO, MediaBytes.of(bytes), "audio/ogg", null, true), null));
        OutgoingContent.MediaMessage back =
                (OutgoingContent.MediaMessage) roundTrip(voice).content();
        assertArrayEquals(bytes, back.media().bytes().head(bytes.length));
        assertEquals(bytes.length, back.media().size());
        assertEquals(MediaKind.AUDIO, back.media().kind());
        assertEquals("audio/ogg", back.media().mimeType());
        assertNull(back.media().fileName());
        assertEquals(true, back.media().voiceNote());
        assertNull(back.caption());

        OutgoingMessage doc = new OutgoingMessage(
                "3EB0D",
                "919800000001@s.whatsapp.net",
                new OutgoingContent.MediaMessage(
                        new Media(MediaKind.DOCUMENT, MediaBytes.of(bytes), "application/pdf", "a.pdf", false),
                        "the caption"));
        OutgoingContent.MediaMessage docBack =
                (OutgoingContent.MediaMessage) roundTrip(doc).content();
        assertEquals("a.pdf", docBack.media().fileName());
        assertEquals("the caption", docBack.caption());

        OutgoingContent.Text text = (OutgoingContent.Text) roundTrip(new OutgoingMessage(
                        "3EB0T",
                        "919800000001@s.whatsapp.net",
                        new OutgoingContent.Text(
                                "x https://e.com",
                                true,
                                new LinkPreview("https://e.com/", "https://e.com", "E", "about", thumbnail))))
                .content();
        assertArrayEquals(thumbnail, text.preview().jpegThumbnail());
        assertEquals("about", text.preview().description());

        IncomingMedia media = LiveSessionsMapper.media(
                LiveSessionsMapper.media(new IncomingMedia(bytes, "application/pdf", "invoice.pdf")));
        assertArrayEquals(bytes, media.data());
        assertEquals("invoice.pdf", media.fileName());
        assertNull(LiveSessionsMapper.media(LiveSessionsMapper.media(new IncomingMedia(bytes, null, null)))
                .fileName());
    }

    @Test
    void liveStateAndGroupsSurviveTheRoundTrip() {
        for (LiveState state : List.of(
                new LiveState(SessionStatus.READY, null, "919800000500", null),
                new LiveState(SessionStatus.QR_READY, "2@abc,def", null, null),
                new LiveState(SessionStatus.DISCONNECTED, null, "919800000500", "connection_lost"))) {
            assertEquals(state, LiveSessionsMapper.state(LiveSessionsMapper.state(state)));
        }
        GroupInfo group = new GroupInfo(
                "120363000000000001@g.us",
                "Team",
                "",
                null,
                0,
                List.of(
                        new GroupParticipant("919800000500@s.whatsapp.net", true, true),
                        new GroupParticipant("919800000501@s.whatsapp.net", false, false)));
        assertEquals(group, LiveSessionsMapper.groupInfo(LiveSessionsMapper.group(group)));
        GroupInfo owned =
                new GroupInfo("1@g.us", "S", "D", "919800000500@s.whatsapp.net", 1_700_000_000_000L, List.of());
        assertEquals(owned, LiveSessionsMapper.groupInfo(LiveSessionsMapper.group(owned)));
        assertEquals(KEY, LiveSessionsMapper.key(LiveSessionsMapper.ref(KEY, 7)));
        assertEquals(7, LiveSessionsMapper.ref(KEY, 7).getGeneration());
    }

    @Test
    void theOwnersFailureIsRaisedUnchangedOnTheCallingNode() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", 5L);
        details.put("used", 5L);
        details.put("field", "to — ünïcode");
        WapiException owner = new WapiException(ErrorCode.SENT_LIMIT_EXCEEDED, "Daily limit of 5 reached — ✓", details);
        WapiException caller = InternalErrors.fromStatus(InternalErrors.toStatus(owner), "node-1", 10);
        assertEquals(owner.code(), caller.code());
        assertEquals(owner.getMessage(), caller.getMessage());
        assertEquals(Map.of("limit", 5, "used", 5, "field", "to — ünïcode"), caller.details());

        // Not a domain failure: the call itself failed.
        WapiException gone = InternalErrors.fromStatus(
                Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException(), "node-1", 10);
        assertEquals(ErrorCode.SESSION_MOVING, gone.code());
        assertEquals(10L, gone.details().get("retryAfterSeconds"));
        assertEquals(
                ErrorCode.ENGINE_UNAVAILABLE,
                InternalErrors.fromStatus(Status.DEADLINE_EXCEEDED.asRuntimeException(), "node-1", 10)
                        .code());
        assertEquals(
                ErrorCode.SESSION_MOVING,
                InternalErrors.fromStatus(Status.UNAUTHENTICATED.asRuntimeException(), "node-1", 10)
                        .code());
        // Something unexpected on the owner is an internal error there, not a leak of its exception.
        assertEquals(
                ErrorCode.INTERNAL_ERROR,
                InternalErrors.fromStatus(InternalErrors.toStatus(new IllegalStateException("boom")), "node-1", 10)
                        .code());
    }

    private static OutgoingMessage roundTrip(OutgoingMessage message) {
        try {

            return LiveSessionsMapper.send(
                    SendRequest.parseFrom(LiveSessionsMapper.send(LiveSessionsMapper.ref(KEY, 3), message)
                            .toByteArray()));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
