package cloud.wapiconnect.message;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import cloud.wapiconnect.json.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import cloud.wapiconnect.media.InlineMedia;
import java.util.List;

/**
 * A single send as clients describe it; every field may be missing and is validated by
 * {@link MessageContents}. Media types take {@code mediaUrl} or {@code mediaBase64} (decoded as the body was read) with
 * {@code message} as the caption; polls take {@code message} as the question and {@code options}; locations
 * {@code latitude}, {@code longitude}, {@code name}, {@code address}; contacts {@code contacts}; reactions
 * {@code messageId} and {@code emoji}. Any type may quote ({@code replyTo}) and text and captions may
 * {@code mentions}; {@code typingMs} shows "typing…" first.
 */
public record SendRequest(String to, String message, String type, String header, String footer, String mediaUrl,
                          InlineMedia mediaBase64, String mediaMimeType, String fileName, List<String> options,
                          Integer selectableCount, Double latitude, Double longitude, String name, String address,
                          List<ContactInput> contacts, String messageId, String emoji, String replyTo,
                          List<String> mentions, Boolean linkPreview, Integer typingMs) {

    /** A send of the types that existed before locations, contacts and reactions. */
    public SendRequest(String to, String message, String type, String header, String footer, String mediaUrl,
                       InlineMedia mediaBase64, String mediaMimeType, String fileName, List<String> options,
                       Integer selectableCount) {
        this(to, message, type, header, footer, mediaUrl, mediaBase64, mediaMimeType, fileName, options, selectableCount,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Everything but the recipient, as JSON: what identifies the message for idempotency. */
    public String fingerprint() {
        return Json.write(new Fingerprint(message, type, header, footer, mediaUrl,
                mediaBase64 == null ? null : mediaBase64.fingerprint(), mediaMimeType, fileName, options, selectableCount,
                latitude, longitude, name, address, contacts, messageId, emoji, replyTo, mentions, linkPreview, typingMs));
    }

    /** The fields added with locations, contacts and reactions are left out while unset: older fingerprints stay valid. */
    private record Fingerprint(String message, String type, String header, String footer, String mediaUrl,
                               String mediaBase64, String mediaMimeType, String fileName, List<String> options,
                               Integer selectableCount, @JsonInclude(NON_NULL) Double latitude,
                               @JsonInclude(NON_NULL) Double longitude, @JsonInclude(NON_NULL) String name,
                               @JsonInclude(NON_NULL) String address, @JsonInclude(NON_NULL) List<ContactInput> contacts,
                               @JsonInclude(NON_NULL) String messageId, @JsonInclude(NON_NULL) String emoji,
                               @JsonInclude(NON_NULL) String replyTo, @JsonInclude(NON_NULL) List<String> mentions,
                               @JsonInclude(NON_NULL) Boolean linkPreview, @JsonInclude(NON_NULL) Integer typingMs) {
    }

    /** A text message. */
    public static SendRequest text(String to, String message, String header, String footer) {
        return new SendRequest(to, message, "text", header, footer, null, null, null, null, null, null);
    }
}
