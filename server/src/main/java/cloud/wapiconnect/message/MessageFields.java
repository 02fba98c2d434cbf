package cloud.wapiconnect.message;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.InlineMedia;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A message's content as clients describe it, shared by single sends and bulk jobs (the API document's
 * {@code MessageFields}); every field may be missing. {@link MessageDraft#of} validates it into the draft of its
 * {@link MessageType}. Media types take {@code mediaUrl} or {@code mediaBase64} (decoded as the body was read)
 * with {@code message} as the caption; polls take {@code message} as the question and {@code options}; locations
 * {@code latitude}, {@code longitude}, {@code name}, {@code address}; contacts {@code contacts}; reactions
 * {@code messageId} and {@code emoji}. Any type but a reaction may quote ({@code replyTo}), text and captions may
 * {@code mentions}; {@code typingMs} shows "typing…" first.
 */
public record MessageFields(
        String message,
        String type,
        String header,
        String footer,
        String mediaUrl,
        InlineMedia mediaBase64,
        String mediaMimeType,
        String fileName,
        List<String> options,
        Integer selectableCount,
        Double latitude,
        Double longitude,
        String name,
        String address,
        List<ContactInput> contacts,
        String messageId,
        String emoji,
        String replyTo,
        List<String> mentions,
        Boolean linkPreview,
        Integer typingMs) {

    /** The fields a bulk job reads (the API document's {@code MessageFields}); the single-send-only ones are absent. */
    public static MessageFields ofBulk(
            String message,
            String type,
            String header,
            String footer,
            String mediaUrl,
            InlineMedia mediaBase64,
            String mediaMimeType,
            String fileName,
            List<String> options,
            Integer selectableCount,
            Integer typingMs) {
        return new MessageFields(
                message,
                type,
                header,
                footer,
                mediaUrl,
                mediaBase64,
                mediaMimeType,
                fileName,
                options,
                selectableCount,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                typingMs);
    }

    /** The fields as JSON: what identifies the message for idempotency. */
    public String fingerprint() {
        return Json.write(new Fingerprint(
                message,
                type,
                header,
                footer,
                mediaUrl,
                mediaBase64 == null ? null : mediaBase64.fingerprint(),
                mediaMimeType,
                fileName,
                options,
                selectableCount,
                latitude,
                longitude,
                name,
                address,
                contacts,
                messageId,
                emoji,
                replyTo,
                mentions,
                linkPreview,
                typingMs));
    }

    /** The fields added with locations, contacts and reactions are left out while unset: older fingerprints stay valid. */
    private record Fingerprint(
            String message,
            String type,
            String header,
            String footer,
            String mediaUrl,
            String mediaBase64,
            String mediaMimeType,
            String fileName,
            List<String> options,
            Integer selectableCount,
            @JsonInclude(NON_NULL) Double latitude,
            @JsonInclude(NON_NULL) Double longitude,
            @JsonInclude(NON_NULL) String name,
            @JsonInclude(NON_NULL) String address,
            @JsonInclude(NON_NULL) List<ContactInput> contacts,
            @JsonInclude(NON_NULL) String messageId,
            @JsonInclude(NON_NULL) String emoji,
            @JsonInclude(NON_NULL) String replyTo,
            @JsonInclude(NON_NULL) List<String> mentions,
            @JsonInclude(NON_NULL) Boolean linkPreview,
            @JsonInclude(NON_NULL) Integer typingMs) {}
}
