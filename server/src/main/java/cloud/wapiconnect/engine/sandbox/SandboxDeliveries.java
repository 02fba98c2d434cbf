package cloud.wapiconnect.engine.sandbox;

import cloud.wapiconnect.crypto.Sha256;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.sandbox.SandboxDeliveryRepository.Delivery;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.PresenceState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulated network keeps of a message: enough for tests to prove the exact bytes arrived. */
final class SandboxDeliveries {
    private SandboxDeliveries() {}

    static Delivery of(OutgoingMessage message, long now) {
        Map<String, Object> details = new LinkedHashMap<>();
        Delivery d = switch (message.content()) {
            case OutgoingContent.Text text -> {
                details.put("linkPreview", text.linkPreview());
                if (text.preview() != null) {
                    details.put("preview", preview(text.preview()));
                }
                yield new Delivery(
                        message.id(), message.jid(), "text", text.text(), null, null, null, null, null, null, now);
            }
            case OutgoingContent.MediaMessage m -> {
                Media media = m.media();
                yield new Delivery(
                        message.id(),
                        message.jid(),
                        media.kind().wireName(),
                        m.caption(),
                        media.mimeType(),
                        (long) media.size(),
                        media.sha256(),
                        media.fileName(),
                        media.voiceNote(),
                        null,
                        now);
            }
            case OutgoingContent.Poll poll -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("options", poll.options());
                json.put("selectableCount", poll.selectableCount());
                yield new Delivery(
                        message.id(),
                        message.jid(),
                        "poll",
                        poll.question(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        Json.write(json),
                        now);
            }
            case OutgoingContent.LocationMessage l -> {
                Map<String, Object> place = new LinkedHashMap<>();
                place.put("latitude", l.location().latitude());
                place.put("longitude", l.location().longitude());
                place.put("name", l.location().name());
                place.put("address", l.location().address());
                details.put("location", place);
                yield new Delivery(
                        message.id(), message.jid(), "location", l.summary(), null, null, null, null, null, null, now);
            }
            case OutgoingContent.ContactsMessage c -> {
                details.put(
                        "vcards", c.contacts().stream().map(ContactCard::vcard).toList());
                yield new Delivery(
                        message.id(), message.jid(), "contact", c.summary(), null, null, null, null, null, null, now);
            }
            case OutgoingContent.ReactionMessage r -> {
                details.put("reaction", target(r.target()));
                yield new Delivery(
                        message.id(), message.jid(), "reaction", r.emoji(), null, null, null, null, null, null, now);
            }
            case OutgoingContent.Forward f -> {
                Map<String, Object> original = target(f.original());
                original.put("chat", f.originalChat());
                original.put("type", f.type());
                details.put("forwarded", original);
                yield new Delivery(
                        message.id(), message.jid(), "forward", f.text(), null, null, null, null, null, null, now);
            }
        };
        if (message.replyTo() != null) {
            details.put("quoted", target(message.replyTo()));
        }
        if (!message.mentions().isEmpty()) {
            details.put("mentions", message.mentions());
        }
        return withDetails(d, details);
    }

    /** A presence update, kept as a delivery of type {@code presence} (its "message" is the state). */
    static Delivery presence(String jid, PresenceState state, long now) {
        return new Delivery(
                MessageIds.next(),
                jid == null ? "" : jid,
                "presence",
                state.wireName(),
                null,
                null,
                null,
                null,
                null,
                null,
                now);
    }

    /** An edit of a message the session sent: a delivery of type {@code edit} with the new text, naming the message. */
    static Delivery edit(String chatJid, MessageRef target, String text, long now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("edited", target(target));
        return withDetails(
                new Delivery(MessageIds.next(), chatJid, "edit", text, null, null, null, null, null, null, now),
                details);
    }

    /** A message the session deleted for everyone: a delivery of type {@code revoke} naming it. */
    static Delivery revoke(String chatJid, MessageRef target, long now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revoked", target(target));
        return withDetails(
                new Delivery(MessageIds.next(), chatJid, "revoke", null, null, null, null, null, null, null, now),
                details);
    }

    /** A read receipt, kept as a delivery of type {@code read} listing the messages. */
    static Delivery read(String chatJid, List<MessageRef> messages, long now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("read", messages.stream().map(SandboxDeliveries::target).toList());
        return withDetails(
                new Delivery(MessageIds.next(), chatJid, "read", null, null, null, null, null, null, null, now),
                details);
    }

    private static Map<String, Object> preview(LinkPreview p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", p.url());
        json.put("matchedText", p.matchedText());
        json.put("title", p.title());
        json.put("description", p.description());
        json.put("thumbnailSha256", p.jpegThumbnail() == null ? null : Sha256.hex(p.jpegThumbnail()));
        return json;
    }

    private static Map<String, Object> target(MessageRef ref) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messageId", ref.id());
        json.put("fromMe", ref.fromMe());
        if (ref.participant() != null) {
            json.put("participant", ref.participant());
        }
        return json;
    }

    private static Delivery withDetails(Delivery d, Map<String, Object> details) {
        return new Delivery(
                d.messageId(),
                d.to(),
                d.type(),
                d.body(),
                d.mimeType(),
                d.size(),
                d.sha256(),
                d.fileName(),
                d.voiceNote(),
                d.poll(),
                d.createdAt(),
                details.isEmpty() ? null : Json.write(details));
    }
}
