package cloud.wapiconnect.client.cli;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.SendMessageRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", description = "Sends one message and prints its id.")
final class SendCommand extends WapiCommand.Sub {
    @Option(names = "--session", required = true, description = "the sending session")
    String session;

    @Option(names = "--to", required = true, description = "phone number or group JID")
    String to;

    @Option(
            names = "--type",
            defaultValue = "text",
            description = "text, image, video, audio, voice, document, sticker, poll (default ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--media-url", description = "media: URL the server fetches")
    String mediaUrl;

    @Option(names = "--file-name", description = "documents: file name shown")
    String fileName;

    @Option(names = "--option", description = "polls: an option (repeatable)")
    List<String> options = new ArrayList<>();

    @Option(names = "--idempotency-key", description = "a retry with the same key does not send twice")
    String idempotencyKey;

    @Parameters(arity = "0..*", description = "the text (caption, poll question)")
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() {
        MessageContent.Builder content = MessageContent.newBuilder()
                .setType(type)
                .setMessage(String.join(" ", words))
                .addAllOptions(options);
        if (mediaUrl != null) {
            content.setMediaUrl(mediaUrl);
        }
        if (fileName != null) {
            content.setFileName(fileName);
        }
        SendMessageRequest.Builder request =
                SendMessageRequest.newBuilder().setSessionId(session).setTo(to).setContent(content);
        if (idempotencyKey != null) {
            request.setIdempotencyKey(idempotencyKey);
        }
        try (WapiClient client = parent.client()) {
            WapiCommand.print(client.send(request.build()));
        }
        return 0;
    }
}
