package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.ContactInput;
import cloud.wapiconnect.sandbox.SimulatedIncoming;
import java.util.List;

/**
 * A message someone writes to a sandbox session; {@code mediaBase64} makes it carry an attachment, {@code lid} comes
 * from a sender WhatsApp addresses by LID ({@code from} then optional).
 */
public record IncomingBody(
        String from,
        String body,
        String type,
        Boolean isGroup,
        String mediaBase64,
        String mediaMimeType,
        String fileName,
        String participant,
        Double latitude,
        Double longitude,
        String name,
        String address,
        List<ContactInput> contacts,
        String messageId,
        String emoji,
        String quotedMessageId,
        List<String> mentions,
        String lid) {
    public SimulatedIncoming toIncoming() {
        return new SimulatedIncoming(
                from,
                body,
                type,
                isGroup,
                mediaBase64,
                mediaMimeType,
                fileName,
                participant,
                latitude,
                longitude,
                name,
                address,
                contacts,
                messageId,
                emoji,
                quotedMessageId,
                mentions,
                lid);
    }
}
