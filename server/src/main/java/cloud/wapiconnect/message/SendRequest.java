package cloud.wapiconnect.message;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.InlineMedia;
import java.util.List;

/**
 * A single send as clients describe it; every field may be missing and is validated by
 * {@link MessageContents}. Media types take {@code mediaUrl} or {@code mediaBase64} (decoded as the body was read) with
 * {@code message} as the caption; polls take {@code message} as the question and {@code options}.
 */
public record SendRequest(String to, String message, String type, String header, String footer, String mediaUrl,
                          InlineMedia mediaBase64, String mediaMimeType, String fileName, List<String> options,
                          Integer selectableCount) {

    /** Everything but the recipient, as JSON: what identifies the message for idempotency. */
    public String fingerprint() {
        return Json.write(new Fingerprint(message, type, header, footer, mediaUrl,
                mediaBase64 == null ? null : mediaBase64.fingerprint(), mediaMimeType, fileName, options, selectableCount));
    }

    private record Fingerprint(String message, String type, String header, String footer, String mediaUrl,
                               String mediaBase64, String mediaMimeType, String fileName, List<String> options,
                               Integer selectableCount) {
    }

    /** A text message. */
    public static SendRequest text(String to, String message, String header, String footer) {
        return new SendRequest(to, message, "text", header, footer, null, null, null, null, null, null);
    }
}
