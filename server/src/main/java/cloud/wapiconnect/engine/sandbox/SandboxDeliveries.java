package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.persistence.SandboxDeliveryRepository.Delivery;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the simulated network keeps of a message: enough for tests to prove the exact bytes arrived. */
final class SandboxDeliveries {
    private SandboxDeliveries() {
    }

    static Delivery of(OutgoingMessage message, long now) {
        return switch (message.content()) {
            case OutgoingContent.Text text -> new Delivery(message.id(), message.jid(), "text", text.text(), null, null,
                    null, null, null, null, now);
            case OutgoingContent.MediaMessage m -> {
                Media media = m.media();
                yield new Delivery(message.id(), message.jid(), media.kind().wireName(), m.caption(), media.mimeType(),
                        (long) media.size(), media.sha256(), media.fileName(), media.voiceNote(), null, now);
            }
            case OutgoingContent.Poll poll -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("options", poll.options());
                json.put("selectableCount", poll.selectableCount());
                yield new Delivery(message.id(), message.jid(), "poll", poll.question(), null, null, null, null, null,
                        Json.write(json), now);
            }
        };
    }
}
