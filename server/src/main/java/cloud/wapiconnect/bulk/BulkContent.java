package cloud.wapiconnect.bulk;

import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.message.MessageDraft;
import java.util.List;
import java.util.Optional;

/**
 * A bulk job's message template as stored: the texts (with {@code {{name}}}/{@code {{phone}}}), the
 * media's metadata (its bytes are stored once beside the job), a poll's options, and how long "typing…"
 * shows before each message.
 */
public record BulkContent(String type, String header, String message, String footer, String mediaMime,
                          String fileName, boolean voiceNote, List<String> pollOptions, int selectableCount,
                          int typingMs) {

    public BulkContent(String type, String header, String message, String footer, String mediaMime,
                       String fileName, boolean voiceNote, List<String> pollOptions, int selectableCount) {
        this(type, header, message, footer, mediaMime, fileName, voiceNote, pollOptions, selectableCount, 0);
    }

    static BulkContent of(MessageDraft draft, Optional<Media> media) {
        return new BulkContent(draft.type(), draft.header(), draft.message(), draft.footer(),
                media.map(Media::mimeType).orElse(null), media.map(Media::fileName).orElse(null),
                media.map(Media::voiceNote).orElse(false), draft.options(), draft.selectableCount(), draft.typingMs());
    }

    /** The draft for one recipient, with the placeholders filled. */
    MessageDraft personalised(String phone, String name) {
        return new MessageDraft(type, Personalisation.fill(header, phone, name), Personalisation.fill(message, phone, name),
                Personalisation.fill(footer, phone, name), MediaKind.fromType(type), null, null, mediaMime, fileName,
                pollOptions, selectableCount);
    }

    /** The job's media, given its stored bytes. */
    Optional<Media> media(byte[] bytes) {
        return MediaKind.fromType(type).map(kind -> new Media(kind, MediaBytes.of(bytes), mediaMime, fileName, voiceNote));
    }
}
