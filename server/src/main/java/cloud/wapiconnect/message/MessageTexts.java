package cloud.wapiconnect.message;

import cloud.wapiconnect.error.WapiException;
import java.util.List;
import java.util.regex.Pattern;

/** The rules every draft shares: how text is rendered (header in bold, footer in italics), mentions, ids, limits. */
final class MessageTexts {
    static final int MAX_TEXT = 65_536;
    static final int MAX_CAPTION = 4_096;
    static final int MAX_TYPING_MS = 30_000;
    static final int MAX_MESSAGE_ID = 128;
    private static final int MAX_FIELD = 256;

    private MessageTexts() {}

    /** A rendered text, checked: the message is required, and with header and footer at most {@link #MAX_TEXT}. */
    static String text(String header, String message, String footer) {
        if (message == null || message.isBlank()) {
            throw WapiException.invalid("message is required for type text");
        }
        String text = render(header, message, footer);
        if (text.length() > MAX_TEXT) {
            throw WapiException.invalid(
                    "message is too long (at most " + MAX_TEXT + " characters with header and footer)");
        }
        return text;
    }

    /** A rendered caption, checked; null without a message. */
    static String caption(String header, String message, String footer) {
        if (message == null || message.isBlank()) {
            return null;
        }
        String caption = render(header, message, footer);
        if (caption.length() > MAX_CAPTION) {
            throw WapiException.invalid("the caption is too long (at most " + MAX_CAPTION + " characters)");
        }
        return caption;
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

    /** Writes each mention WhatsApp should highlight as {@code @<number>} unless the text already has it. */
    static String withMentions(String text, List<String> mentionJids, int max) {
        if (mentionJids.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text == null ? "" : text);
        for (String jid : mentionJids) {
            String tag = "@" + jid.substring(0, jid.indexOf('@'));
            if (!Pattern.compile(Pattern.quote(tag) + "(?!\\d)").matcher(out).find()) {
                out.append(out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1)) ? "" : " ")
                        .append(tag);
            }
        }
        if (out.length() > max) {
            throw WapiException.invalid("the text with its mentions is too long (at most " + max + " characters)");
        }
        return out.toString();
    }

    /** A message id a client gave, stripped; null when blank. */
    static String optionalId(String field, String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        if (id.strip().length() > MAX_MESSAGE_ID) {
            throw WapiException.invalid(field + " is not a message id");
        }
        return id.strip();
    }

    /** A short text a client gave, stripped; null when blank. */
    static String optionalText(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.strip().length() > MAX_FIELD) {
            throw WapiException.invalid(field + " must be at most " + MAX_FIELD + " characters");
        }
        return text.strip();
    }
}
