package cloud.wapiconnect.bulk;

import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.message.DraftOptions;
import cloud.wapiconnect.message.MediaDraft;
import cloud.wapiconnect.message.MessageDraft;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.message.PollDraft;
import cloud.wapiconnect.message.StickerDraft;
import cloud.wapiconnect.message.TextDraft;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A bulk job's message template as stored: the type's wire name, the texts (with {@code {{name}}}, {@code {{phone}}} and the recipients' {@code {{key}}} placeholders),
 * the media's metadata (its bytes are stored once beside the job), a poll's options, and how long "typing…"
 * shows before each message.
 */
public record BulkContent(
        String type,
        String header,
        String message,
        String footer,
        String mediaMime,
        String fileName,
        boolean voiceNote,
        List<String> pollOptions,
        int selectableCount,
        int typingMs) {

    /** The template of a draft of a {@link MessageType#bulk() bulk} type. */
    static BulkContent of(MessageDraft draft, Optional<Media> media) {
        String mime = media.map(Media::mimeType).orElse(null);
        String name = media.map(Media::fileName).orElse(null);
        boolean voiceNote = media.map(Media::voiceNote).orElse(false);
        int typingMs = draft.options().typingMs();
        String type = draft.type().wireName();
        return switch (draft) {
            case TextDraft t ->
                new BulkContent(
                        type, t.header(), t.message(), t.footer(), mime, name, voiceNote, List.of(), 0, typingMs);
            case MediaDraft m ->
                new BulkContent(
                        type, m.header(), m.message(), m.footer(), mime, name, voiceNote, List.of(), 0, typingMs);
            case StickerDraft s ->
                new BulkContent(type, null, null, null, mime, name, voiceNote, List.of(), 0, typingMs);
            case PollDraft p ->
                new BulkContent(
                        type,
                        null,
                        p.question(),
                        null,
                        mime,
                        name,
                        voiceNote,
                        p.choices(),
                        p.selectableCount(),
                        typingMs);
            default -> throw new IllegalArgumentException("a bulk job cannot send " + type);
        };
    }

    public MessageType messageType() {
        return MessageType.fromWire(type).orElseThrow(() -> new IllegalStateException("stored type " + type));
    }

    /**
     * The draft for one recipient, with the placeholders filled; its media is the job's, already resolved. "typing…"
     * is the job's ({@link #typingMs}), shown by the runner.
     */
    MessageDraft personalised(String phone, String name, Map<String, String> variables) {
        UnaryOperator<String> fill = text -> Personalisation.fill(text, phone, name, variables);
        MessageType messageType = messageType();
        return switch (messageType) {
            case TEXT ->
                new TextDraft(fill.apply(header), fill.apply(message), fill.apply(footer), true, DraftOptions.NONE);
            case IMAGE, VIDEO, DOCUMENT, AUDIO ->
                new MediaDraft(
                        messageType,
                        null,
                        fill.apply(header),
                        fill.apply(message),
                        fill.apply(footer),
                        DraftOptions.NONE);
            case STICKER -> new StickerDraft(null, DraftOptions.NONE);
            case POLL -> new PollDraft(fill.apply(message), pollOptions, selectableCount, DraftOptions.NONE);
            case LOCATION, CONTACT, REACTION -> throw new IllegalStateException("a bulk job cannot send " + type);
        };
    }

    /** The job's media, given its stored bytes. */
    Optional<Media> media(byte[] bytes) {
        return messageType()
                .mediaKind()
                .map(kind -> new Media(kind, MediaBytes.of(bytes), mediaMime, fileName, voiceNote));
    }
}
