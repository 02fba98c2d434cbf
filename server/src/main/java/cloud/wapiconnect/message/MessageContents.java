package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
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
    /** Every message type a send takes; the OpenAPI document's {@code MessageFields.type} lists exactly these (OpenApiIT). */
    public static final List<String> TYPES = List.of("text", "image", "video", "document", "audio", "sticker", "poll",
            "location", "contact", "reaction");
    private static final Set<String> MENTIONING = Set.of("text", "image", "video", "document");
    static final int MAX_TYPING_MS = 30_000;
    private static final int MAX_CONTACTS = 50;
    private static final int MAX_PHONES = 10;
    private static final int MAX_MENTIONS = 256;
    private static final int MAX_FIELD = 256;
    private static final int MAX_EMOJI = 32;
    static final int MAX_MESSAGE_ID = 128;

    private final MediaResolver media;

    @Inject
    public MessageContents(MediaResolver media) {
        this.media = media;
    }

    /**
     * Validates everything that needs no I/O.
     *
     * @throws WapiException {@code UNSUPPORTED_MESSAGE_TYPE}, {@code INVALID_REQUEST} (also bad coordinates, contacts,
     *                       reactions, mentions, {@code typingMs}), {@code INVALID_POLL}, {@code INVALID_RECIPIENT} (a
     *                       mention that is no phone number), {@code MEDIA_REQUIRED}, {@code MEDIA_SOURCE_CONFLICT},
     *                       {@code MEDIA_TOO_LARGE}
     */
    public MessageDraft draft(SendRequest r) {
        String type = r.type() == null || r.type().isBlank() ? "text" : r.type().trim();
        if (!TYPES.contains(type)) {
            throw new WapiException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    "type '" + type + "' is not supported; supported types: " + String.join(", ", TYPES));
        }
        int typingMs = r.typingMs() == null ? 0 : r.typingMs();
        if (typingMs < 0 || typingMs > MAX_TYPING_MS) {
            throw WapiException.invalid("typingMs must be between 0 and " + MAX_TYPING_MS);
        }
        String replyTo = optionalId("replyTo", r.replyTo());
        List<String> mentions = mentions(type, r.mentions());
        if (r.linkPreview() != null && !type.equals("text")) {
            throw WapiException.invalid("linkPreview applies to type text only");
        }
        Location location = null;
        List<ContactCard> contacts = List.of();
        String reactTo = null;
        String emoji = null;
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
            case "location" -> location = location(r);
            case "contact" -> contacts = contacts(r.contacts());
            case "reaction" -> {
                reactTo = optionalId("messageId", r.messageId());
                if (reactTo == null) {
                    throw WapiException.invalid("messageId (the message to react to) is required for type reaction");
                }
                if (r.emoji() == null || r.emoji().length() > MAX_EMOJI) {
                    throw WapiException.invalid("emoji is required for type reaction (empty removes the reaction)");
                }
                if (replyTo != null) {
                    throw WapiException.invalid("a reaction cannot quote a message (replyTo)");
                }
                emoji = r.emoji().strip();
            }
            case "sticker" -> {
                media.precheck(kind.orElseThrow(), r.mediaUrl(), r.mediaBase64(), r.mediaMimeType(), r.fileName());
                if (r.message() != null && !r.message().isBlank()) {
                    throw WapiException.invalid("stickers have no caption (message)");
                }
            }
            default -> {
                media.precheck(kind.orElseThrow(), r.mediaUrl(), r.mediaBase64(), r.mediaMimeType(), r.fileName());
                caption(r.header(), r.message(), r.footer());
            }
        }
        return new MessageDraft(type, r.header(), r.message(), r.footer(), kind, r.mediaUrl(), r.mediaBase64(),
                r.mediaMimeType(), r.fileName(), options, selectable, location, contacts, reactTo, emoji, replyTo,
                mentions, r.linkPreview() == null || r.linkPreview(), typingMs);
    }

    private static Location location(SendRequest r) {
        if (r.latitude() == null || r.latitude().isNaN() || r.latitude() < -90 || r.latitude() > 90) {
            throw WapiException.invalid("latitude is required for type location, between -90 and 90");
        }
        if (r.longitude() == null || r.longitude().isNaN() || r.longitude() < -180 || r.longitude() > 180) {
            throw WapiException.invalid("longitude is required for type location, between -180 and 180");
        }
        return new Location(r.latitude(), r.longitude(), optionalText("name", r.name()), optionalText("address", r.address()));
    }

    private static List<ContactCard> contacts(List<ContactInput> inputs) {
        if (inputs == null || inputs.isEmpty() || inputs.size() > MAX_CONTACTS) {
            throw WapiException.invalid("contacts must list 1 to " + MAX_CONTACTS + " contacts for type contact");
        }
        List<ContactCard> cards = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ContactInput c = inputs.get(i);
            String at = "contacts[" + i + "]";
            String name = c == null ? null : optionalText(at + ".name", c.name());
            if (name == null) {
                throw WapiException.invalid(at + ".name is required");
            }
            if (c.phones() == null || c.phones().isEmpty() || c.phones().size() > MAX_PHONES) {
                throw WapiException.invalid(at + ".phones must list 1 to " + MAX_PHONES + " phone numbers");
            }
            List<String> phones = new ArrayList<>();
            for (String phone : c.phones()) {
                if (phone == null || !phone.strip().matches("\\+?[0-9][0-9 ()./-]{4,30}")) {
                    throw WapiException.invalid(at + ".phones: '" + phone + "' is not a phone number");
                }
                phones.add(phone.strip());
            }
            String org = optionalText(at + ".org", c.org());
            String email = optionalText(at + ".email", c.email());
            if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
                throw WapiException.invalid(at + ".email is not an email address");
            }
            cards.add(new ContactCard(name, phones, VCards.render(name, phones, org, email)));
        }
        return cards;
    }

    /** Mentioned users as JIDs, in order and without repeats. */
    private static List<String> mentions(String type, List<String> mentions) {
        if (mentions == null || mentions.isEmpty()) {
            return List.of();
        }
        if (!MENTIONING.contains(type)) {
            throw WapiException.invalid("mentions apply to text and to captions (image, video, document), not to " + type);
        }
        if (mentions.size() > MAX_MENTIONS) {
            throw WapiException.invalid("at most " + MAX_MENTIONS + " mentions");
        }
        Set<String> jids = new LinkedHashSet<>();
        for (String mention : mentions) {
            Recipient recipient = Recipient.parse(mention);
            if (!recipient.jid().endsWith(Recipient.USER_SUFFIX)) {
                throw new WapiException(ErrorCode.INVALID_RECIPIENT, "mentions must be people, not groups: " + mention);
            }
            jids.add(recipient.jid());
        }
        return List.copyOf(jids);
    }

    private static String optionalId(String field, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        if (id.strip().length() > MAX_MESSAGE_ID) {
            throw WapiException.invalid(field + " is not a message id");
        }
        return id.strip();
    }

    private static String optionalText(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.strip().length() > MAX_FIELD) {
            throw WapiException.invalid(field + " must be at most " + MAX_FIELD + " characters");
        }
        return text.strip();
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
        return content(draft, resolved, null);
    }

    /**
     * The content to send; {@code reactionTarget} is the message a reaction is for (reactions only), as the
     * message log knows it. Mentions missing from the text or caption are added to its end as {@code @<number>}.
     *
     * @throws WapiException {@code INVALID_REQUEST} when personalised text grows too long
     */
    public OutgoingContent content(MessageDraft draft, Optional<Media> resolved, MessageRef reactionTarget) {
        List<String> mentions = draft.mentions();
        return switch (draft.type()) {
            case "text" -> new OutgoingContent.Text(withMentions(text(draft.header(), draft.message(), draft.footer()),
                    mentions, MAX_TEXT), draft.linkPreview());
            case "poll" -> new OutgoingContent.Poll(draft.message().strip(), draft.options(), draft.selectableCount());
            case "location" -> new OutgoingContent.LocationMessage(draft.location());
            case "contact" -> new OutgoingContent.ContactsMessage(draft.contacts());
            case "reaction" -> new OutgoingContent.ReactionMessage(java.util.Objects.requireNonNull(reactionTarget),
                    draft.emoji());
            case "sticker" -> new OutgoingContent.MediaMessage(resolved.orElseThrow(), null);
            default -> new OutgoingContent.MediaMessage(resolved.orElseThrow(),
                    withMentions(caption(draft.header(), draft.message(), draft.footer()), mentions, MAX_CAPTION));
        };
    }

    /** Writes each mention WhatsApp should highlight as {@code @<number>} unless the text already has it. */
    static String withMentions(String text, List<String> mentionJids, int max) {
        if (mentionJids.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text == null ? "" : text);
        for (String jid : mentionJids) {
            String tag = "@" + jid.substring(0, jid.indexOf('@'));
            if (!java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(tag) + "(?!\\d)").matcher(out).find()) {
                out.append(out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1)) ? "" : " ").append(tag);
            }
        }
        if (out.length() > max) {
            throw WapiException.invalid("the text with its mentions is too long (at most " + max + " characters)");
        }
        return out.toString();
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
