package cloud.wapiconnect.message;

import java.util.List;

/**
 * A single send as clients describe it; every field may be missing and is validated by
 * {@link MessageContents}. Media types take {@code mediaUrl} or {@code mediaBase64} with
 * {@code message} as the caption; polls take {@code message} as the question and {@code options}.
 */
public record SendRequest(String to, String message, String type, String header, String footer, String mediaUrl,
                          String mediaBase64, String mediaMimeType, String fileName, List<String> options,
                          Integer selectableCount) {

    /** Everything but the recipient: what identifies the message for idempotency. */
    public SendRequest withoutRecipient() {
        return new SendRequest(null, message, type, header, footer, mediaUrl, mediaBase64 == null ? null
                : cloud.wapiconnect.crypto.Sha256.hex(mediaBase64), mediaMimeType, fileName, options, selectableCount);
    }

    /** A text message. */
    public static SendRequest text(String to, String message, String header, String footer) {
        return new SendRequest(to, message, "text", header, footer, null, null, null, null, null, null);
    }
}
