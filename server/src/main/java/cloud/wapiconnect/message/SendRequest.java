package cloud.wapiconnect.message;

/**
 * A single send as clients describe it (the API document's {@code SendRequest}): the recipient and the message's
 * fields, both still unchecked.
 */
public record SendRequest(String to, MessageFields message) {

    /** Everything but the recipient, as JSON: what identifies the message for idempotency. */
    public String fingerprint() {
        return message.fingerprint();
    }
}
