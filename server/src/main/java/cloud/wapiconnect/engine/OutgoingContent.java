package cloud.wapiconnect.engine;

import cloud.wapiconnect.media.Media;
import java.util.List;

/** What a message carries to the network. */
public sealed interface OutgoingContent {

    /** What the message log shows as the message: the text, the caption or the question. */
    String summary();

    /** @param text rendered text (header in bold and footer in italics already applied) */
    record Text(String text) implements OutgoingContent {
        @Override
        public String summary() {
            return text;
        }
    }

    /** @param caption rendered caption, or null */
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
}
