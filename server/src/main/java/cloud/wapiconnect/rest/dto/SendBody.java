package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.SendRequest;

public record SendBody(String to, String message, String type, String header, String footer) {
    public SendRequest toRequest() {
        return new SendRequest(to, message, type, header, footer);
    }
}
