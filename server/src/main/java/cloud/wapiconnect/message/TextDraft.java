package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Optional;

/**
 * A text: {@code message} with an optional {@code header} (bold) and {@code footer} (italics).
 *
 * @param linkPreview whether a URL in the text gets a preview
 */
public record TextDraft(String header, String message, String footer, boolean linkPreview, DraftOptions options)
        implements MessageDraft {

    /** @throws cloud.wapiconnect.error.WapiException {@code INVALID_REQUEST}: no message, or too long */
    static TextDraft of(MessageFields f, DraftOptions options) {
        MessageTexts.text(f.header(), f.message(), f.footer());
        return new TextDraft(f.header(), f.message(), f.footer(), f.linkPreview() == null || f.linkPreview(), options);
    }

    @Override
    public MessageType type() {
        return MessageType.TEXT;
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.Text(
                MessageTexts.withMentions(
                        MessageTexts.text(header, message, footer), options.mentions(), MessageTexts.MAX_TEXT),
                linkPreview);
    }
}
