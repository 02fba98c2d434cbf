package cloud.wapiconnect.rest.dto;

/** Bodies of the calls that change or pass on a message already in the log. */
public final class MessageChangeBodies {
    private MessageChangeBodies() {}

    /** {@code POST …/messages/{messageId}/edit}: the new text. */
    public record Edit(String message) {}

    /** {@code POST …/messages/{messageId}/forward}: the chat to forward it to (phone or group JID). */
    public record Forward(String to) {}

    /** Sandbox {@code …/incoming-edit} and {@code …/incoming-revoke}: the received message, and an edit's new text. */
    public record Incoming(String messageId, String body) {}
}
