package cloud.wapiconnect.message;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import java.util.List;
import java.util.Optional;

/**
 * A validated message before anything is fetched or sent. For media, the source is still a URL or
 * inline media decoded with the request; {@link MessageContents#resolveMedia} turns it into checked media.
 *
 * @param type            {@code text}, {@code image}, {@code video}, {@code document}, {@code audio}, {@code sticker},
 *                        {@code poll}, {@code location}, {@code contact} or {@code reaction}
 * @param options         poll options (polls only)
 * @param selectableCount how many options a voter may pick (polls only)
 * @param location        locations only
 * @param contacts        contacts only: the cards with their vCards rendered
 * @param reactTo         reactions only: the id of the message reacted to
 * @param emoji           reactions only: the emoji, empty to remove
 * @param replyTo         the id of the message to quote, or null
 * @param mentions        JIDs to mention (text and captions)
 * @param linkPreview     text only: whether a URL gets a preview
 * @param typingMs        how long to show "typing…" before sending, 0 for not at all
 */
public record MessageDraft(String type, String header, String message, String footer, Optional<MediaKind> mediaKind,
                           String mediaUrl, InlineMedia mediaBase64, String mediaMimeType, String fileName,
                           List<String> options, int selectableCount, Location location, List<ContactCard> contacts,
                           String reactTo, String emoji, String replyTo, List<String> mentions, boolean linkPreview,
                           int typingMs) {

    public MessageDraft {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A draft of the types that existed before locations, contacts and reactions (bulk jobs). */
    public MessageDraft(String type, String header, String message, String footer, Optional<MediaKind> mediaKind,
                        String mediaUrl, InlineMedia mediaBase64, String mediaMimeType, String fileName,
                        List<String> options, int selectableCount) {
        this(type, header, message, footer, mediaKind, mediaUrl, mediaBase64, mediaMimeType, fileName, options,
                selectableCount, null, List.of(), null, null, null, List.of(), true, 0);
    }

    /** The same draft with the texts replaced (personalisation). */
    public MessageDraft withTexts(String newHeader, String newMessage, String newFooter) {
        return new MessageDraft(type, newHeader, newMessage, newFooter, mediaKind, mediaUrl, mediaBase64, mediaMimeType,
                fileName, options, selectableCount, location, contacts, reactTo, emoji, replyTo, mentions, linkPreview,
                typingMs);
    }

    /** The same draft showing "typing…" for that long first. */
    public MessageDraft withTypingMs(int ms) {
        return new MessageDraft(type, header, message, footer, mediaKind, mediaUrl, mediaBase64, mediaMimeType,
                fileName, options, selectableCount, location, contacts, reactTo, emoji, replyTo, mentions, linkPreview, ms);
    }
}
