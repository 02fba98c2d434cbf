package cloud.wapiconnect.message;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.media.MediaKind;
import java.util.List;
import java.util.Optional;

/**
 * A validated message before anything is fetched or sent. For media, the source is still a URL or
 * inline media decoded with the request; {@link MessageContents#resolveMedia} turns it into checked media.
 *
 * @param type            {@code text}, {@code image}, {@code video}, {@code document}, {@code audio} or {@code poll}
 * @param options         poll options (polls only)
 * @param selectableCount how many options a voter may pick (polls only)
 */
public record MessageDraft(String type, String header, String message, String footer, Optional<MediaKind> mediaKind,
                           String mediaUrl, InlineMedia mediaBase64, String mediaMimeType, String fileName,
                           List<String> options, int selectableCount) {

    /** The same draft with the texts replaced (personalisation). */
    public MessageDraft withTexts(String newHeader, String newMessage, String newFooter) {
        return new MessageDraft(type, newHeader, newMessage, newFooter, mediaKind, mediaUrl, mediaBase64, mediaMimeType,
                fileName, options, selectableCount);
    }
}
