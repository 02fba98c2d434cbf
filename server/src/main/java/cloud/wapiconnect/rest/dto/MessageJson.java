package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageDetails;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A message-log entry as the API document shows it. Media, participant and the details (place, contacts,
 * reaction, quoted message, mentions) appear only when the message has them.
 */
@Schema(name = "LoggedMessage")
public record MessageJson(
        String sessionId,
        String to,
        String from,
        String message,
        String status,
        String type,
        String direction,
        String messageId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Media media,
        @JsonInclude(JsonInclude.Include.NON_NULL) String participant,
        @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Contact> contacts,
        @JsonInclude(JsonInclude.Include.NON_NULL) Reaction reaction,
        @JsonInclude(JsonInclude.Include.NON_NULL) String quotedMessageId,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mentions,
        String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String editedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String revokedAt) {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** An instant (epoch ms) as the API shows it, ISO-8601 UTC with milliseconds; null stays null. */
    public static String iso(Long millis) {
        return millis == null ? null : ISO_MILLIS.format(Instant.ofEpochMilli(millis));
    }

    public static MessageJson of(LoggedMessage m) {
        MessageDetails d = m.details();
        return new MessageJson(
                m.sessionId(),
                m.to(),
                m.from(),
                m.body(),
                m.status().wireName(),
                m.type(),
                m.direction().wireName(),
                m.messageId(),
                m.media() == null
                        ? null
                        : new Media(
                                m.media().mimeType(),
                                m.media().size(),
                                m.media().fileName()),
                m.participant(),
                d.location() == null
                        ? null
                        : new Location(
                                d.location().latitude(),
                                d.location().longitude(),
                                d.location().name(),
                                d.location().address()),
                d.contacts().stream()
                        .map(c -> new Contact(c.name(), c.phones()))
                        .toList(),
                d.reaction() == null
                        ? null
                        : new Reaction(d.reaction().messageId(), d.reaction().emoji()),
                d.quotedMessageId(),
                d.mentions(),
                iso(m.createdAt()),
                iso(m.editedAt()),
                iso(m.revokedAt()));
    }

    public record Media(String mimeType, long size, String fileName) {}

    @Schema(name = "Location")
    public record Location(double latitude, double longitude, String name, String address) {}

    public record Contact(String name, List<String> phones) {}

    public record Reaction(String messageId, String emoji) {}

    /** A page of the log. */
    @Schema(name = "MessagePage")
    public record Page(List<MessageJson> messages, long total, int page, int pages) {}

    @Schema(name = "SendResult")
    public record Sent(boolean success, String messageId, long timestamp) {}

    /** An edit or revoke done: the message as the log now shows it. */
    @Schema(name = "MessageChanged")
    public record Changed(boolean success, MessageJson message) {}

    public record Marked(boolean success, int marked) {}
}
