package cloud.wapiconnect.sandbox;

import cloud.wapiconnect.message.ContactInput;
import java.util.List;

/**
 * A message someone writes to a sandbox session, as the control panel takes it. Beyond text and media:
 * {@code latitude}/{@code longitude}/{@code name}/{@code address} (type location), {@code contacts} (type
 * contact), {@code messageId}/{@code emoji} (type reaction), {@code quotedMessageId}, {@code mentions} and,
 * in a group, the {@code participant} who wrote it. {@code lid} (the sender's LID digits, or {@code <digits>@lid}) makes
 * WhatsApp address the sender by LID: with {@code from} as well, it also gives their number (as Baileys'
 * {@code remoteJidAlt}); without, the number is hidden.
 */
public record SimulatedIncoming(
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
        String lid) {}
