package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.message.ContactInput;
import cloud.wapiconnect.message.MessageFields;
import cloud.wapiconnect.message.SendRequest;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The send body; {@code mediaBase64} is decoded as it is read (see {@link MediaBase64Deserializer}). The content
 * fields repeat {@link SendBulkBody}'s rather than sharing a {@code @JsonUnwrapped} record: Jackson buffers an
 * unwrapped record's tokens, which would hold the whole base64 text the streaming decoder exists to avoid.
 * {@code OpenApiIT} keeps both equal to their schemas.
 */
@Schema(name = "SendRequest")
public record SendBody(
        String to,
        String message,
        String type,
        String header,
        String footer,
        String mediaUrl,

        @JsonDeserialize(using = MediaBase64Deserializer.class)
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
    public SendRequest toRequest() {
        return new SendRequest(
                to,
                new MessageFields(
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
}
