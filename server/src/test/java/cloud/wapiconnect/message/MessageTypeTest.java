package cloud.wapiconnect.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.media.MediaKind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTypeTest {
    @Test
    void wireNamesInTheDocumentsOrder() {
        assertEquals(
                List.of(
                        "text",
                        "image",
                        "video",
                        "document",
                        "audio",
                        "sticker",
                        "poll",
                        "location",
                        "contact",
                        "reaction"),
                MessageType.wireNames());
        assertEquals(Optional.of(MessageType.STICKER), MessageType.fromWire("sticker"));
        assertEquals(Optional.empty(), MessageType.fromWire(" sticker"));
        assertEquals(Optional.empty(), MessageType.fromWire(null));
    }

    @Test
    void whatEachTypeMayDo() {
        assertEquals(
                List.of("text", "image", "video", "document", "audio", "sticker", "poll"),
                MessageType.wireNames(MessageType::bulk));
        assertEquals(
                List.of("text", "image", "video", "document", "audio", "sticker", "location", "contact", "reaction"),
                MessageType.wireNames(MessageType::simulatedIncoming));
        assertEquals(List.of("text", "image", "video", "document"), MessageType.wireNames(MessageType::takesMentions));
        for (MediaKind kind : MediaKind.values()) {
            assertEquals(
                    Optional.of(kind),
                    MessageType.fromWire(kind.wireName()).orElseThrow().mediaKind());
        }
        assertEquals(5, MessageType.wireNames(t -> t.mediaKind().isPresent()).size());
    }
}
