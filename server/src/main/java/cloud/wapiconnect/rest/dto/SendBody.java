package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.SendRequest;
import java.util.List;

public record SendBody(String to, String message, String type, String header, String footer, String mediaUrl,
                       String mediaBase64, String mediaMimeType, String fileName, List<String> options,
                       Integer selectableCount) {
    public SendRequest toRequest() {
        return new SendRequest(to, message, type, header, footer, mediaUrl, mediaBase64, mediaMimeType, fileName, options,
                selectableCount);
    }
}
