package cloud.wapiconnect.engine;

import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.List;
import java.util.stream.Collectors;

/** What a message carries to the network. */
public sealed interface OutgoingContent {

    /** What the message log shows as the message: the text, the caption or the question. */
    String summary();

    /**
     * @param text        rendered text (header in bold and footer in italics already applied)
     * @param linkPreview whether a URL in the text gets a preview
     * @param preview     the preview of the text's first URL, or null (none wanted, no URL, or none could be made)
     */
    record Text(String text, boolean linkPreview, LinkPreview preview) implements OutgoingContent {
        public Text(String text) {
            this(text, true);
        }

        public Text(String text, boolean linkPreview) {
            this(text, linkPreview, null);
        }

        public Text withPreview(LinkPreview made) {
            return new Text(text, linkPreview, made);
        }

        @Override
        public String summary() {
            return text;
        }
    }

    /** @param caption rendered caption, or null (stickers never have one) */
    record MediaMessage(Media media, String caption) implements OutgoingContent {
        @Override
        public String summary() {
            return caption;
        }
    }

    /** @param selectableCount how many options a voter may pick */
    record Poll(String question, List<String> options, int selectableCount) implements OutgoingContent {
        @Override
        public String summary() {
            return question;
        }
    }

    record LocationMessage(Location location) implements OutgoingContent {
        @Override
        public String summary() {
            return location.name() != null ? location.name() : location.latitude() + "," + location.longitude();
        }
    }

    /** One or more contact cards, each with its vCard already rendered. */
    record ContactsMessage(List<ContactCard> contacts) implements OutgoingContent {
        public ContactsMessage {
            contacts = List.copyOf(contacts);
        }

        @Override
        public String summary() {
            return contacts.stream().map(ContactCard::name).collect(Collectors.joining(", "));
        }
    }

    /** @param emoji the reaction; empty removes this session's reaction to {@code target} */
    record ReactionMessage(MessageRef target, String emoji) implements OutgoingContent {
        @Override
        public String summary() {
            return emoji;
        }
    }

    /**
     * A message of the log sent on to another chat, marked "Forwarded" by WhatsApp.
     *
     * @param original    the message as its own chat addresses it ({@code fromMe}: this session sent it)
     * @param originalChat the JID of the chat it is in
     * @param type        its message type's wire name ({@code text}, {@code image}, …)
     * @param text        its text or caption, or null; what an engine that cannot find the original sends
     */
    record Forward(MessageRef original, String originalChat, String type, String text) implements OutgoingContent {
        @Override
        public String summary() {
            return text;
        }
    }
}
