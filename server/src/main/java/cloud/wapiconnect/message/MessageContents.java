package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.media.MediaResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of message content, shared by single sends and bulk jobs: which types exist, what each
 * needs, how text is rendered (header in bold, footer in italics), how polls are checked.
 */
@ApplicationScoped
public class MessageContents {
    static final int MAX_TEXT = 65_536;
    private static final int MAX_CAPTION = 4_096;
    private static final int MAX_POLL_OPTIONS = 12;
    private static final int MAX_OPTION_LENGTH = 100;
    private static final Set<String> TYPES = Set.of("text", "image", "video", "document", "audio", "poll");

    private final MediaResolver media;

    @Inject
    public MessageContents(MediaResolver media) {
        this.media = media;
    }

    /**
     * Validates everything that needs no I/O.
     *
     * @throws WapiException {@code UNSUPPORTED_MESSAGE_TYPE}, {@code INVALID_REQUEST}, {@code INVALID_POLL},
     *                       {@code MEDIA_REQUIRED}, {@code MEDIA_SOURCE_CONFLICT}, {@code MEDIA_TOO_LARGE}
     */
    public MessageDraft draft(SendRequest r) {
        String type = r.type() == null || r.type().isBlank() ? "text" : r.type().trim();
        if (!TYPES.contains(type)) {
            throw new WapiException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    "type '" + type + "' is not supported; supported types: text, image, video, document, audio, poll");
        }
        Optional<MediaKind> kind = MediaKind.fromType(type);
        List<String> options = List.of();
        int selectable = 0;
        switch (type) {
            case "text" -> text(r.header(), r.message(), r.footer());
            case "poll" -> {
                options = pollOptions(r.options());
                selectable = r.selectableCount() == null ? 1 : r.selectableCount();
                if (selectable < 1 || selectable > options.size()) {
                    throw new WapiException(ErrorCode.INVALID_POLL, "selectableCount must be between 1 and " + options.size());
                }
                if (r.message() == null || r.message().isBlank() || r.message().length() > MAX_OPTION_LENGTH * 3) {
                    throw new WapiException(ErrorCode.INVALID_POLL, "message (the poll question) is required, at most 300 characters");
                }
            }
            default -> {
                media.precheck(kind.orElseThrow(), r.mediaUrl(), r.mediaBase64());
                caption(r.header(), r.message(), r.footer());
            }
        }
        return new MessageDraft(type, r.header(), r.message(), r.footer(), kind, r.mediaUrl(), r.mediaBase64(),
                r.mediaMimeType(), r.fileName(), options, selectable);
    }

    /** Fetches or takes a media draft's bytes (network I/O: never inside a transaction). */
    public Optional<Media> resolveMedia(MessageDraft draft) {
        return draft.mediaKind().map(kind -> media.resolve(kind, draft.mediaUrl(), draft.mediaBase64(),
                draft.mediaMimeType(), draft.fileName()));
    }

    /**
     * The content to send, from a draft (personalised or not) and its resolved media.
     *
     * @throws WapiException {@code INVALID_REQUEST} when personalised text grows too long
     */
    public OutgoingContent content(MessageDraft draft, Optional<Media> resolved) {
        return switch (draft.type()) {
            case "text" -> new OutgoingContent.Text(text(draft.header(), draft.message(), draft.footer()));
            case "poll" -> new OutgoingContent.Poll(draft.message().strip(), draft.options(), draft.selectableCount());
            default -> new OutgoingContent.MediaMessage(resolved.orElseThrow(),
                    caption(draft.header(), draft.message(), draft.footer()));
        };
    }

    private static String text(String header, String message, String footer) {
        if (message == null || message.isBlank()) {
            throw WapiException.invalid("message is required for type text");
        }
        String text = render(header, message, footer);
        if (text.length() > MAX_TEXT) {
            throw WapiException.invalid("message is too long (at most " + MAX_TEXT + " characters with header and footer)");
        }
        return text;
    }

    private static String caption(String header, String message, String footer) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String caption = render(header, message, footer);
        if (caption.length() > MAX_CAPTION) {
            throw WapiException.invalid("the caption is too long (at most " + MAX_CAPTION + " characters)");
        }
        return caption;
    }

    private static List<String> pollOptions(List<String> options) {
        if (options == null || options.size() < 2 || options.size() > MAX_POLL_OPTIONS) {
            throw new WapiException(ErrorCode.INVALID_POLL, "options must list 2 to " + MAX_POLL_OPTIONS + " choices");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String option : options) {
            if (option == null || option.isBlank() || option.strip().length() > MAX_OPTION_LENGTH) {
                throw new WapiException(ErrorCode.INVALID_POLL,
                        "every option must be 1-" + MAX_OPTION_LENGTH + " characters");
            }
            if (!distinct.add(option.strip())) {
                throw new WapiException(ErrorCode.INVALID_POLL, "options must be distinct ('" + option.strip() + "' repeats)");
            }
        }
        return List.copyOf(distinct);
    }

    /** Header in bold, footer in italics, as WhatsApp formats them. */
    static String render(String header, String body, String footer) {
        StringBuilder text = new StringBuilder();
        if (header != null && !header.isBlank()) {
            text.append('*').append(header.strip()).append("*\n\n");
        }
        text.append(body);
        if (footer != null && !footer.isBlank()) {
            text.append("\n\n_").append(footer.strip()).append('_');
        }
        return text.toString();
    }
}
