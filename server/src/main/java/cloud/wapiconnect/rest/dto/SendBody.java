package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.SendRequest;
import cloud.wapiconnect.media.InlineMedia;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/** The send body; {@code mediaBase64} is decoded as it is read (see {@link MediaBase64Deserializer}). */
public record SendBody(String to, String message, String type, String header, String footer, String mediaUrl,
                       @JsonDeserialize(using = MediaBase64Deserializer.class) InlineMedia mediaBase64, String mediaMimeType, String fileName, List<String> options,
                       Integer selectableCount) {
    public SendRequest toRequest() {
        return new SendRequest(to, message, type, header, footer, mediaUrl, mediaBase64, mediaMimeType, fileName, options,
                selectableCount);
    }
}
